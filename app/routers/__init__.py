"""HTTP and websocket routers; thin: parse, call a service, render."""
