"""The collector's settling loop (app/gc_watch.py): long-lived objects leave the full collections' walk, and
cyclic garbage among them is still found at the next thaw. Run in a process of its own: freezing and thawing
is process-wide, and the test process holds everything the other tests built."""
import json
import subprocess
import sys

SCENARIO = r'''
import asyncio, gc, json, weakref
from app.gc_watch import keep_settled


class Node:
    def __init__(self):
        self.me = self  # a reference cycle, like those a closed connection may leave behind


async def scenario():
    node = Node()
    gone = weakref.ref(node)
    task = asyncio.create_task(keep_settled(period=0.05, thaw_every=0.5))
    await asyncio.sleep(0.2)
    frozen = gc.get_freeze_count()
    del node
    gc.collect()  # a full collection does not walk frozen objects: the cycle survives it
    kept = gone() is not None
    await asyncio.sleep(0.6)  # past the thaw
    task.cancel()
    print(json.dumps({"frozen": frozen, "kept": kept, "freed": gone() is None}))

asyncio.run(scenario())
'''


def test_survivors_are_frozen_and_cycles_freed_at_the_thaw():
    """Objects alive at a settle are frozen (not walked by collections); a cycle dropped after that is kept until the
    thaw, which frees it."""
    out = subprocess.run([sys.executable, "-c", SCENARIO], capture_output=True, text=True, timeout=60, check=True)
    seen = json.loads(out.stdout.strip().splitlines()[-1])
    assert seen["frozen"] > 0
    assert seen["kept"]
    assert seen["freed"]
