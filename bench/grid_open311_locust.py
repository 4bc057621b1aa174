"""Locust load for Open311 POST Service Request: each simulated client posts a new request as
soon as the previous one is answered (closed loop, no think time).

Run by `python -m bench open311`, which starts the app and passes, in the environment:
  BENCH_OPEN311_KEY        the api_key (an API token of a user who may report events there)
  BENCH_OPEN311_PATH       the resource (default /open311/v2/requests.json)
  BENCH_OPEN311_ADDRESSES  comma-separated address_id values (屯 or grid codes)
  BENCH_OPEN311_SERVICES   comma-separated service_code values
By hand: locust -f bench/grid_open311_locust.py --headless -u 10 -r 10 -t 30s --host http://127.0.0.1:PORT
"""

import itertools
import os
import random
from urllib.parse import urlencode

from locust import FastHttpUser, constant, task

PATH = os.environ.get("BENCH_OPEN311_PATH", "/open311/v2/requests.json")
KEY = os.environ.get("BENCH_OPEN311_KEY", "")
ADDRESSES = [code for code in os.environ.get("BENCH_OPEN311_ADDRESSES", "").split(",") if code]
SERVICES = [code for code in os.environ.get("BENCH_OPEN311_SERVICES", "").split(",") if code]
DESCRIPTIONS = (
    "路边垃圾堆放多日未清运,气味较大。",
    "村道路面塌陷,影响车辆通行。",
    "路灯不亮,夜间出行不便。",
    "两户村民因排水问题发生争执,请求调解。",
    "河道漂浮垃圾较多,请安排清理。",
)
HEADERS = {"Content-Type": "application/x-www-form-urlencoded"}
_numbers = itertools.count(1)


class Open311Client(FastHttpUser):
    wait_time = constant(0)

    def on_start(self):
        if not (KEY and ADDRESSES and SERVICES):
            raise RuntimeError("Set BENCH_OPEN311_KEY, BENCH_OPEN311_ADDRESSES and BENCH_OPEN311_SERVICES.")
        self.rng = random.Random(next(_numbers))

    @task
    def post_service_request(self):
        rng = self.rng
        body = urlencode({
            "api_key": KEY,
            "service_code": rng.choice(SERVICES),
            "address_id": rng.choice(ADDRESSES),
            "description": rng.choice(DESCRIPTIONS),
            "lat": f"{24.7 + rng.random() * 0.2:.6f}",
            "long": f"{110.4 + rng.random() * 0.2:.6f}",
            "first_name": "建国",
            "last_name": "韦",
        })
        self.client.post(PATH, data=body, headers=HEADERS, name=f"POST {PATH}")
