"""Run one fuzz target under atheris for a bounded time.

    python fuzz/run.py normalize --seconds 60

New inputs go to a scratch folder (the committed corpus in ``fuzz/corpus/<target>/`` is
read, never written); a finding is written to ``fuzz/findings/`` and the exit status is
non-zero. Copy a finding into ``fuzz/regressions/<target>/`` once fixed.
"""

import argparse
import sys
import tempfile
from pathlib import Path

import atheris

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

with atheris.instrument_imports(include=["tifa"]):
    from targets import TARGETS


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("target", choices=sorted(TARGETS))
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--seed", type=int, default=1)
    args, extra = parser.parse_known_args()
    findings = HERE / "findings"
    findings.mkdir(exist_ok=True)
    scratch = tempfile.mkdtemp(prefix=f"tifa-fuzz-{args.target}-")
    argv = [sys.argv[0], f"-max_total_time={args.seconds}", f"-seed={args.seed}", "-max_len=8192",
            f"-artifact_prefix={findings}/{args.target}-", "-print_final_stats=1", *extra,
            scratch, str(HERE / "corpus" / args.target)]
    atheris.Setup(argv, TARGETS[args.target])
    atheris.Fuzz()


if __name__ == "__main__":
    main()
