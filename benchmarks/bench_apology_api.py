"""One apology through the API, in-process: p50 and p99 of POST /api/v1/apologies/analyze.

Run: .venv/bin/python benchmarks/bench_apology_api.py  (pin to one core with `taskset -c 0`).
Uses a throwaway SQLite database in a temporary folder and a personal access token.
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from pathlib import Path

from scratch import migrated_sqlite


def main() -> int:
    print("$ .venv/bin/python benchmarks/bench_apology_api.py", *sys.argv[1:])
    with migrated_sqlite("apology-api"):
        from django.test import Client

        from mend.accounts.models import User
        from mend.accounts.tokens import create_token

        user = User.objects.create_user(
            email="bench@example.test", password="bench-password-1", display_name="Bench"
        )
        _token, secret = create_token(user=user, name="bench")
        path = Path(__file__).resolve().parent.parent / "data" / "apology" / "apologies.jsonl"
        texts = [json.loads(line)["text"] for line in path.read_text().splitlines()][:400]
        client = Client(HTTP_HOST="localhost")
        timings: list[float] = []
        for _ in range(3):
            for text in texts:
                start = time.perf_counter()
                response = client.post(
                    "/api/v1/apologies/analyze",
                    data=json.dumps({"text": text}),
                    content_type="application/json",
                    HTTP_AUTHORIZATION=f"Bearer {secret}",
                )
                timings.append(time.perf_counter() - start)
                if response.status_code not in (200, 422):
                    print(f"unexpected status {response.status_code}")
                    return 1
        timings.sort()
        print(
            f"POST /api/v1/apologies/analyze, in-process, token auth, {len(timings)} requests: "
            f"p50 {statistics.median(timings) * 1000:.2f} ms, "
            f"p99 {timings[int(len(timings) * 0.99)] * 1000:.2f} ms (target p99 < 10 ms)"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
