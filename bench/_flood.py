"""Scenario 2 of bench/abuse.py: residents complete a survey without and then with a flood of
bogus logins; their completions per second and the worker processes' memory."""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import random
import sys
import time
from collections import Counter

from _server import reset_peak, rss_kib, worker_pids
from _site import (
    TOWN,
    Answer,
    Results,
    Site,
    address,
    complete_survey,
    counted_outcomes,
    status_name,
    survey_path,
)
from pages import Server

SURVEY_CLIENTS, FLOOD_LOGINS = 50, 100
WARM_UP = 5.0  # seconds of residents before the first window: caches, connections, pace
TARGET_SHARE, TARGET_GROWTH_MIB = 0.80, 300.0
CHECKED_TEXT = "E-Mail-Adresse oder Passwort ist nicht richtig"  # the answer to a checked login
RESIDENTS, FLOODING = 3, 4  # blocks of simulated client addresses (see abuse.py)


def login_outcome(answer: Answer) -> str:
    if CHECKED_TEXT in answer.text:
        return "checked"
    return {429: "refused 429", 503: "busy 503"}.get(answer.status, status_name(answer.status))


async def sample_memory(pids: list[int], peaks: dict[int, int], stop: asyncio.Event) -> None:
    while not stop.is_set():
        for pid in pids:
            peaks[pid] = max(peaks.get(pid, 0), rss_kib(pid) or 0)
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), 0.1)


async def flood(site: Site, server: Server, seconds: float, results: Results) -> None:
    """The residents run on through both windows (no cold start in either); the flood runs
    in the second. A response counts in the window in which its thanks page was reached."""
    path = survey_path((await site.get(f"/{TOWN}", address(1, 1))).text)
    households = itertools.count(1)
    completed: list[float] = []
    ended: list[tuple[float, str]] = []  # otherwise: an error page, a refusal, no answer
    logins: Counter[str] = Counter()
    running = [True]

    async def resident() -> None:
        rng = random.Random()
        while running[0]:  # a new household for every response
            client = address(RESIDENTS, next(households) % 65536)
            outcome = await complete_survey(site, path, client, rng)
            if outcome == 0:
                completed.append(time.monotonic())
            else:
                ended.append((time.monotonic(), status_name(outcome)))

    quiet_from = time.monotonic() + WARM_UP
    loud_from, end = quiet_from + seconds, quiet_from + 2 * seconds
    pids = worker_pids(server)
    before: dict[int, int] = {}
    peaks: dict[int, int] = {}
    resettable = False
    tasks = [asyncio.create_task(resident()) for _ in range(SURVEY_CLIENTS)]
    try:
        await asyncio.sleep(quiet_from - time.monotonic())
        answered = [site.answered]
        await asyncio.sleep(loud_from - time.monotonic())
        answered.append(site.answered)
        before.update({pid: rss_kib(pid) or 0 for pid in pids})
        resettable = all(reset_peak(pid) for pid in pids)
        stop = asyncio.Event()
        tasks.append(asyncio.create_task(sample_memory(pids, peaks, stop)))
        # The intruders are other machines: a process of their own, so that the residents'
        # client does not share its interpreter (and its time) with them.
        intruders = await asyncio.create_subprocess_exec(
            sys.executable, __file__, site.base_url, str(end - time.monotonic()),
            site.csrf_cookie, site.csrf_token, stdout=asyncio.subprocess.PIPE,
        )  # fmt: skip
        await asyncio.sleep(end - time.monotonic())
        answered.append(site.answered)
        stop.set()
        out, _ = await intruders.communicate()
        logins.update(json.loads(out or b"{}"))
    finally:
        running[0] = False
        for task in tasks:
            task.cancel()  # what is still on its way is not counted
        await asyncio.gather(*tasks, return_exceptions=True)
    if resettable:  # the kernel's peak catches what 0.1 s sampling misses
        for pid in pids:
            peaks[pid] = max(peaks.get(pid, 0), rss_kib(pid, "VmHWM") or 0)

    rates = []
    for name, start in (("without", quiet_from), ("with", loud_from)):
        done = sum(start <= t < start + seconds for t in completed)
        other = Counter(outcome for t, outcome in ended if start <= t < start + seconds)
        requests = answered[1] - answered[0] if name == "without" else answered[2] - answered[1]
        rates.append(done / seconds)
        results.say(
            f"  {done / seconds:6.1f} responses/s {name} the login flood ({done} in {seconds:.0f} s;"
            f" ended otherwise: {counted_outcomes(other)}; {requests / seconds:.0f} requests/s"
            " answered in all)"
        )
    total = sum(logins.values())
    results.say(
        f"  login flood ({FLOOD_LOGINS} at a time): {total} answered in {seconds:.0f} s: "
        f"{counted_outcomes(logins)}"
    )
    growth = {pid: (peaks.get(pid, 0) - before[pid]) / 1024 for pid in pids}
    for pid in pids:
        results.say(
            f"  worker {pid}: {before[pid] / 1024:.0f} MiB before the flood, "
            f"{peaks.get(pid, 0) / 1024:.0f} MiB at its peak (+{growth[pid]:.0f} MiB)"
        )
    share = rates[1] / rates[0] if rates[0] else 0.0
    results.target(
        f"responses/s with the flood >= {TARGET_SHARE:.0%}", f"{share:.0%}", share >= TARGET_SHARE
    )
    most = max(growth.values(), default=0.0)
    results.target(
        f"worker memory growth <= {TARGET_GROWTH_MIB:.0f} MiB", f"+{most:.0f} MiB",
        most <= TARGET_GROWTH_MIB,
    )  # fmt: skip


async def _intrude(base_url: str, seconds: float, cookie: str, token: str) -> Counter[str]:
    """FLOOD_LOGINS logins at a time for `seconds`, each from a new client."""
    site = Site.at(base_url)
    site.csrf_cookie, site.csrf_token = cookie, token
    logins: Counter[str] = Counter()
    guesses = itertools.count(1)
    end = time.monotonic() + seconds

    async def intruder() -> None:
        while time.monotonic() < end:  # unknown addresses, ever new clients
            n = next(guesses) % 65536
            fields = [("email", f"flut-{n}@example.invalid"), ("password", f"geraten-{n}")]
            answer = await site.post("/verwaltung/anmelden", address(FLOODING, n), fields)
            if time.monotonic() < end:
                logins[login_outcome(answer)] += 1

    tasks = [asyncio.create_task(intruder()) for _ in range(FLOOD_LOGINS)]
    await asyncio.sleep(max(0.0, end - time.monotonic()))
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    await site.close()
    return logins


if __name__ == "__main__":  # the intruders' process (see flood)
    url, span, csrf_cookie, csrf_token = sys.argv[1:5]
    print(json.dumps(asyncio.run(_intrude(url, float(span), csrf_cookie, csrf_token))))
