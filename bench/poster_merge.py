"""Poster merges (issue 10, finding 8): what one results update costs while phones save long posters
from stale versions, through the live room's own path (views.results_views with the entry cache) on
a real SQLite file.

    .venv/bin/python -m bench.poster_merge                 # 6 stale saves at the 5,000-character cap
    .venv/bin/python -m bench.poster_merge --saves 6 --phones 2 --repeat 5

Each save is a whole poster of `--chars` characters sent from revision 0 (a phone that never saw the
others' saves), so every save after the second is a three-way merge. Two texts are measured: short
repeated lines ("a", "b", "-", "": the review's worst case for a line diff) and prose lines."""
import argparse
import random
import statistics
import tempfile
import time
from pathlib import Path

from app.activities.poster import FOLDS, KIND, MAX_POSTER
from app.activities.base import validated_settings
from app.db import Database
from app.services import agenda, commands, entries, facilitators, groups, participants, views
from app.services.entry_cache import EntryCache
from app.services.events import RecordingBus

PROSE = ["Som leder skal jeg lytte før jeg svarer", "gi tillit og ansvar", "være tydelig på forventninger",
         "se hver ansatt", "vise raushet når noe går galt", "", "- stille krav", "- følge opp"]


def poster(rng: random.Random, chars: int, kind: str) -> str:
    """A poster of exactly `chars` characters made of the chosen kind of lines."""
    pool = ["a", "b", "-", ""] if kind == "repeated" else PROSE
    lines, size = [], 0
    while size < chars:
        line = rng.choice(pool)
        if kind == "prose" and line:
            line = f"{line} {rng.randint(1, 99)}"
        lines.append(line)
        size += len(line) + 1
    return "\n".join(lines)[:chars]


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f}"


def run(saves: int, phones: int, chars: int, kind: str, repeat: int) -> dict[str, float]:
    """Cold rebuild (fold replayed from nothing), warm rebuild (no new save) and rebuild after one new save."""
    rng = random.Random(10)
    with tempfile.TemporaryDirectory() as tmp:
        db = Database(f"sqlite:///{Path(tmp) / 'bench.db'}")
        db.migrate()
        bus = RecordingBus()
        f = facilitators.sign_up_first(db, "Benk", "benk@example.no", "benchmark password 1")
        w = agenda.create_workshop(db, facilitator_id=f.id, title="Plakater")
        a = agenda.add_activity(db, bus, facilitator_id=f.id, workshop_id=w.id, kind="poster",
                                prompt="VERDI: Som leder skal jeg ...", settings={"max_length": min(chars, MAX_POSTER)})
        g = groups.create_group(db, bus, facilitator_id=f.id, workshop_id=w.id, name="Gygrene")
        agenda.go_live(db, bus, facilitator_id=f.id, workshop_id=w.id)
        commands.run_command(db, bus, facilitator_id=f.id, workshop_id=w.id, command="next")
        people = [participants.join(db, w.id, f"Telefon {i + 1}", "nb") for i in range(phones)]
        for p in people:
            groups.move_participant(db, bus, facilitator_id=f.id, workshop_id=w.id, participant_id=p.id, group_id=g.id)
        texts = [poster(rng, chars, kind) for _ in range(saves + repeat)]
        for i in range(saves):
            entries.submit(db, bus, people[i % phones].id, a.id, f"save-{i:04d}",
                           {"type": "edit", "base": 0, "text": texts[i]})
        cache = EntryCache()
        cold, warm, new = [], [], []
        for _ in range(repeat):
            FOLDS._folds.clear()  # as after a restart: the fold is replayed from the first save
            cache = EntryCache()
            t = time.perf_counter()
            views.results_views(db, w.id, 0, cache)
            cold.append(time.perf_counter() - t)
            t = time.perf_counter()
            views.results_views(db, w.id, 0, cache)
            warm.append(time.perf_counter() - t)
        # The poster's own share: its tally replayed from nothing (every merge) and from the cache.
        with db.read() as s:
            stored = cache.entries(s, a.id)
        settings = validated_settings(KIND, {"max_length": min(chars, MAX_POSTER)})
        fold_cold, fold_warm = [], []
        for _ in range(repeat):
            FOLDS._folds.clear()
            t = time.perf_counter()
            KIND.tally(settings, stored, {}, {g.id: g.name})
            fold_cold.append(time.perf_counter() - t)
            t = time.perf_counter()
            KIND.tally(settings, stored, {}, {g.id: g.name})
            fold_warm.append(time.perf_counter() - t)
        for r in range(repeat):
            entries.submit(db, bus, people[r % phones].id, a.id, f"more-{r:04d}",
                           {"type": "edit", "base": 0, "text": texts[saves + r]})
            t = time.perf_counter()
            result = views.results_views(db, w.id, 0, cache)
            new.append(time.perf_counter() - t)
        final = len(result["facilitator"]["results"]["posters"][0]["text"])
        db.dispose()
    return {"cold": statistics.median(cold), "warm": statistics.median(warm), "new": statistics.median(new),
            "cold_max": max(cold), "final_chars": final, "fold_cold": statistics.median(fold_cold),
            "fold_warm": statistics.median(fold_warm), "saves": len(stored)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--saves", type=int, default=6)
    parser.add_argument("--phones", type=int, default=2)
    parser.add_argument("--chars", type=int, default=MAX_POSTER)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    print(f"{args.saves} stale saves of {args.chars} characters from {args.phones} phones; medians of {args.repeat}")
    print("| text | results update, fold replayed (ms) | update, no new save (ms) | update after each further save (ms) "
          "| poster tally alone: replay / cached (ms) | poster length at the end |")
    print("|---|---|---|---|---|---|")
    for kind in ("repeated", "prose"):
        r = run(args.saves, args.phones, args.chars, kind, args.repeat)
        print(f"| {kind} | {ms(r['cold'])} (max {ms(r['cold_max'])}) | {ms(r['warm'])} | {ms(r['new'])} "
              f"| {ms(r['fold_cold'])} / {ms(r['fold_warm'])} ({r['saves']} saves) | {r['final_chars']:,} |")


if __name__ == "__main__":
    main()
