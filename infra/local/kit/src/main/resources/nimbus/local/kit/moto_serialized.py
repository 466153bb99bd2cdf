"""moto's server, with DynamoDB's isolation.

DynamoDB applies each request, and each transaction as a whole, atomically: a transaction's conditions
and writes cannot interleave with another request's. moto's threaded server checks and writes without
a lock, so two racing transactions can both pass their conditions. This runs moto's own application
(threaded as usual) but lets one DynamoDB request in at a time, so races resolve as they do on AWS.

Usage: python3 moto_serialized.py HOST PORT
"""
import sys
import threading

from moto.server import DomainDispatcherApplication, create_backend_app
from werkzeug.serving import run_simple

moto = DomainDispatcherApplication(create_backend_app)
dynamodb = threading.Lock()


def app(environ, start_response):
    if environ.get("HTTP_X_AMZ_TARGET", "").startswith("DynamoDB_"):
        with dynamodb:
            # Drain the whole answer inside the lock: moto builds it while iterating.
            return [b"".join(moto(environ, start_response))]
    return moto(environ, start_response)


if __name__ == "__main__":
    run_simple(sys.argv[1], int(sys.argv[2]), app, threaded=True)
