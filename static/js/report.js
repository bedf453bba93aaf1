// The printable report: one button that opens the print dialogue.
document.getElementById("print").addEventListener("click", () => window.print());
