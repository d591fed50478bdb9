"""Shared fixtures: a tiny knowledge base for exact unit tests, and a CLI runner."""

from __future__ import annotations

import io
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import pytest

from sockerr.catalog import Catalog
from sockerr.cli import main
from sockerr.compile import build_runtime

FIXTURE_KB = os.path.join(os.path.dirname(__file__), "fixtures", "kb")


@pytest.fixture(scope="session", autouse=True)
def private_cache(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Compiled pattern databases go to a directory of the test run, not the user's cache."""
    os.environ["SOCKERR_CACHE_DIR"] = str(tmp_path_factory.mktemp("cache"))


@pytest.fixture(scope="session")
def tiny() -> Catalog:
    """A hand-written catalog of a dozen codes whose every reading is known."""
    return Catalog(build_runtime(FIXTURE_KB))


@dataclass
class Result:
    status: int
    out: str
    err: str


Runner = Callable[..., Result]


@pytest.fixture
def run() -> Runner:
    """Run the command line in-process with captured streams and a clean environment."""

    def runner(*argv: str, env: Mapping[str, str] | None = None) -> Result:
        out, err = io.StringIO(), io.StringIO()
        environ = {"LANG": "C.UTF-8"} if env is None else dict(env)
        status = main(list(argv), stdout=out, stderr=err, environ=environ)
        return Result(status, out.getvalue(), err.getvalue())

    return runner
