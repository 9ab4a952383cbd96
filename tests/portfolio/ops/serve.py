"""One app server in its own process, for the tests of several servers sharing Redis.

Run as ``python serve.py '<JSON overrides>'``: builds ``create_app(overrides)``, serves it on
a free port of 127.0.0.1 and prints that port on stdout, then serves until killed.
"""

from __future__ import annotations

import json
import sys

from werkzeug.serving import make_server

from portfolio import create_app


def main() -> None:
    app = create_app(json.loads(sys.argv[1]))
    server = make_server("127.0.0.1", 0, app, threaded=True)
    print(server.server_port, flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
