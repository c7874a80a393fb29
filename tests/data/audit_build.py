"""Run ``mkdocs build`` under an audit hook that records every file written, folder made or
removed, and every network call; the record is written as JSON to $AUDIT_OUT at exit."""

import atexit
import json
import os
import sys

events = []
WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_APPEND | os.O_TRUNC


def hook(event, args):
    if event == "open":
        path, mode, flags = args
        writes = any(c in mode for c in "wax+") if mode else bool((flags or 0) & WRITE_FLAGS)
        if writes and not isinstance(path, int):
            events.append(["write", os.path.abspath(path)])
    elif event in ("socket.connect", "socket.getaddrinfo", "socket.gethostbyname", "socket.sendto", "urllib.Request"):
        events.append(["network", repr(args)[:200]])
    elif event in ("os.mkdir", "os.remove", "os.rmdir", "shutil.rmtree", "os.unlink"):
        events.append([event, os.path.abspath(args[0])])
    elif event in ("os.rename", "os.replace"):
        events.append([event, os.path.abspath(args[1])])


sys.addaudithook(hook)
atexit.register(lambda: open(os.environ["AUDIT_OUT"], "w", encoding="utf-8").write(json.dumps(events)))

from mkdocs.__main__ import cli  # noqa: E402

sys.argv = ["mkdocs", "build", "--strict", "-q", "-f", sys.argv[1], "-d", sys.argv[2]]
cli()
