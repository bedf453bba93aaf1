"""The wire contract: change topics, audiences, envelope keys, close codes and message shapes.

The bottom layer: it imports nothing of the app, and every layer above takes these names from here
(docs/protocol.md describes each message; static/js/live.js repeats the final close codes)."""
import json
from collections.abc import Mapping
from typing import Any, Literal, NotRequired, TypedDict

# Change topics: what domain functions announce after a commit and the broker carries to every hub.
STATE = "state"  # anything a screen renders from, except results
RESULTS = "results"  # entries or moderation of the current activity
# Who may run the workshop changed (a co-facilitator removed): not a rebuild, each staff connection
# re-checks its right to stay, in every process.
ACCESS = "access"
TOPICS = (STATE, RESULTS, ACCESS)

# Audiences: who a connection is; each gets its own snapshot.
PARTICIPANT, PRESENTER, FACILITATOR = "participant", "presenter", "facilitator"
AUDIENCES = (PARTICIPANT, PRESENTER, FACILITATOR)
STAFF_AUDIENCES = (PRESENTER, FACILITATOR)  # the signed-in screens, and the audiences that get results

# Envelope keys: what the views hand the hub besides each audience's message (never sent as they are).
META = "_meta"  # in a state: {"wake_at": server time the state changes by itself, "personal": bool}
PERSONAL = "personal"  # in results: {participant id: that phone's own view}; also that view's message type

# Close codes. 1000-1015 are the standard ones; 4000-4999 are the application's own.
CLOSE_GOING_AWAY = 1001  # the server shuts down: connect again
CLOSE_POLICY = 1008  # a foreign Origin (before accept) or no hello
CLOSE_TOO_BIG = 1009  # a frame over the server's size limit (uvicorn closes it)
CLOSE_STALLED = 4008  # the client stopped reading: connect again for a fresh snapshot
CLOSE_UNAUTHORISED = 4401
CLOSE_FORBIDDEN = 4403  # signed in, but no longer runs this workshop
CLOSE_NOT_FOUND = 4404
# After these a client stops reconnecting: trying again cannot succeed.
FINAL_CLOSES = (CLOSE_UNAUTHORISED, CLOSE_FORBIDDEN, CLOSE_NOT_FOUND)


def dumps(message: Mapping[str, Any]) -> str:
    """Compact JSON, the one wire format."""
    return json.dumps(message, separators=(",", ":"), ensure_ascii=False, default=str)


# Client to server.

class Hello(TypedDict):
    """The first message of every connection; without a token the cookie authenticates."""

    type: Literal["hello"]
    token: NotRequired[str]


class Submit(TypedDict):
    """A phone's answer, under an id the phone made: stored once, acknowledged after the commit."""

    type: Literal["submit"]
    client_id: str
    activity_id: int
    payload: Any  # the kind's submission


class ChooseGroup(TypedDict):
    """A phone picks its group (where the facilitator lets phones choose)."""

    type: Literal["choose_group"]
    group_id: int


class DeleteMine(TypedDict):
    """A phone erases its own answers: to one activity, or all of them without `activity_id`."""

    type: Literal["delete_mine"]
    activity_id: NotRequired[int]


class Ping(TypedDict):
    """Keep-alive and clock sample."""

    type: Literal["ping"]


# Server to client.

class Pong(TypedDict):
    """The answer to a ping, with the server's time (screens count down to absolute deadlines)."""

    type: Literal["pong"]
    server_time: float


class Ack(TypedDict):
    """A submit is committed (or was already: `duplicate`); `entry` is what was stored."""

    type: Literal["ack"]
    client_id: str
    entry: dict[str, Any]
    duplicate: bool


class Deleted(TypedDict):
    """The answer to delete_mine: the ids of the entries gone."""

    type: Literal["deleted"]
    activity_id: int | None
    entry_ids: list[int]


class Error(TypedDict):
    """A refusal; `code` is stable, `message` in the connection's language; `client_id` names the submit."""

    type: Literal["error"]
    code: str
    message: str
    client_id: NotRequired[str]


class State(TypedDict):
    """The snapshot an audience renders from; a phone's first one also has `participant` and `mine`."""

    type: Literal["state"]
    version: int
    workshop: dict[str, Any]
    activity: dict[str, Any] | None
    position: int
    total: int
    group_choice: bool
    groups: list[dict[str, Any]]
    roles: NotRequired[list[dict[str, Any]]]  # presenter and facilitator
    agenda: NotRequired[list[dict[str, Any]]]  # facilitator
    participant: NotRequired[dict[str, Any] | None]  # a phone's first snapshot
    mine: NotRequired[dict[str, list[dict[str, Any]]]]  # a phone's first snapshot


class Results(TypedDict):
    """Coalesced results of the current activity, for presenters and facilitators."""

    type: Literal["results"]
    activity_id: int | None
    visible: bool
    counts: dict[str, int]
    results: Any  # the kind's results, or None
    version: NotRequired[int]  # added by the hub, per room


class Personal(TypedDict):
    """One phone's own view in a grouped workshop: its group, fellow members, role, its own activity view."""

    type: Literal["personal"]
    group: dict[str, Any] | None
    members: list[dict[str, Any]]
    role: dict[str, Any] | None
    activity_id: int | None
    activity: Any


CLIENT_MESSAGES = {"hello": Hello, "submit": Submit, "choose_group": ChooseGroup, "delete_mine": DeleteMine,
                   "ping": Ping}
SERVER_MESSAGES = {"pong": Pong, "ack": Ack, "deleted": Deleted, "error": Error, "state": State,
                   "results": Results, "personal": Personal}
