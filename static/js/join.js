// The join page while many wrong codes come from this network: solve the server's proof of work
// (proof_of_work.js, the algorithm of app/proof_of_work.py) in the background while the code is
// typed, and send it with the code. A page that comes back asking for a proof sends itself again.
import { solve } from "./proof_of_work.js";

const form = document.querySelector("form[data-proof-salt]");
if (form) {
  const field = form.elements.proof;
  const status = form.querySelector(".proof-status");
  const button = form.querySelector("button[type=submit]");
  const solved = solve(form.dataset.proofSalt, Number(form.dataset.proofBits)).then((nonce) => {
    field.value = `${form.dataset.proofChallenge}:${nonce}`;
    field.disabled = false;
  });
  let sending = false;
  const send = () => {
    if (sending) return;
    sending = true;
    status.hidden = false;
    button.setAttribute("aria-busy", "true");
    solved.then(() => form.submit());  // submit() fires no submit event: no loop
  };
  form.addEventListener("submit", (event) => {
    if (!field.disabled) return;  // solved already: the proof goes with the code
    event.preventDefault();
    send();
  });
  if ("proofResubmit" in form.dataset && form.elements.code.value.trim()) send();
}
