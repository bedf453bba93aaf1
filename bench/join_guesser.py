"""How fast a guesser that does solve the proofs of work gets wrong join codes looked at.

Starts a real server (default settings, fresh SQLite file), takes one workshop live, then runs N
guesser processes on loopback that guess wrong codes through POST /api/v1/join and solve every
challenge with app/proof_of_work.py, as fast as this machine allows. Prints wrong guesses looked at
per 10 s and the work demanded, after timing the Python solver at each number of bits. Results are
in docs/benchmarks.md.

    .venv/bin/python -m bench.join_guesser [--seconds 120] [--processes 1]
"""
import argparse
import multiprocessing
import random
import tempfile
import time

import httpx

from app import proof_of_work


def guesser(base: str, right: str, seconds: float, seed: int, results) -> None:
    """Guess until the time is up; report (time, bits) of every wrong guess that was looked at."""
    rng = random.Random(seed)
    end = time.monotonic() + seconds
    proof = None
    with httpx.Client(base_url=base, timeout=30, trust_env=False) as http:
        while time.monotonic() < end:
            code = str(rng.randrange(10_000_000, 100_000_000))
            if code == right:
                continue
            r = http.post("/api/v1/join", json={"code": code, "proof": proof})
            proof = None
            detail = r.json().get("detail", {})
            if r.status_code == 404:
                results.put((time.time(), None))
            elif detail.get("code") == "proof_required":
                challenge = detail["proof"]
                proof = proof_of_work.prove(challenge)
                results.put((time.time(), challenge["bits"]))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=120)
    parser.add_argument("--processes", type=int, default=1)
    args = parser.parse_args()
    from tests.conftest import PASSWORD, Server

    for bits in (14, 16, 18, 20):
        salts = [proof_of_work.new_salt() for _ in range(8 if bits < 20 else 3)]
        t = time.perf_counter()
        for s in salts:
            proof_of_work.solve(s, bits)
        print(f"python solve, {bits} bits: {(time.perf_counter() - t) / len(salts) * 1000:.0f} ms on average")

    with tempfile.TemporaryDirectory() as tmp:
        server = Server(f"sqlite:///{tmp}/bench.db").start()
        try:
            with httpx.Client(base_url=server.base, timeout=30, trust_env=False) as http:
                r = http.post("/api/v1/auth/signup", json={"name": "F", "email": "f@example.no", "password": PASSWORD})
                http.headers["Authorization"] = f"Bearer {r.json()['token']}"
                wid = http.post("/api/v1/workshops", json={"title": "Bench"}).json()["id"]
                code = http.post(f"/api/v1/workshops/{wid}/live").json()["join_code"]
            results = multiprocessing.Queue()
            started = time.time()
            procs = [multiprocessing.Process(target=guesser, args=(server.base, code, args.seconds, i, results))
                     for i in range(args.processes)]
            for p in procs:
                p.start()
            for p in procs:
                p.join()
            wrong, demanded = [], []
            while not results.empty():
                at, bits = results.get()
                (wrong if bits is None else demanded).append((at - started, bits))
            print(f"{args.processes} guesser process(es), {args.seconds:.0f} s, wrong guesses looked at: {len(wrong)}")
            for lo in range(0, int(args.seconds), 10):
                n = sum(1 for at, _ in wrong if lo <= at < lo + 10)
                bits = [b for at, b in demanded if lo <= at < lo + 10]
                work = f"{min(bits, default='-')}-{max(bits, default='-')}"
                print(f"  {lo:3d}-{lo + 10:3d} s: {n:4d} wrong, work demanded {work} bits")
            last_minute = sum(1 for at, _ in wrong if at >= args.seconds - 60)
            print(f"  last 60 s: {last_minute} wrong guesses looked at")
        finally:
            server.stop()


if __name__ == "__main__":
    main()
