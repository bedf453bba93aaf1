"""The realtime hub: rooms of websocket connections fed from versioned snapshots."""
