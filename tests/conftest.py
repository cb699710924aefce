"""Suite-wide test setup: a fast password hasher, an empty memo for each test, and the
route-coverage check of the authorization matrices."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from hypothesis import settings as hypothesis_settings

from mend.core import memo
from tests import route_coverage

# Speed is measured in benchmarks, never asserted in tests: a property test that takes longer
# on a busy machine is not a failure (hypothesis's default 200 ms deadline made such runs flaky).
hypothesis_settings.register_profile("mend", deadline=None)
hypothesis_settings.load_profile("mend")


@pytest.fixture(autouse=True, scope="session")
def fast_password_hasher(django_test_environment: None) -> Iterator[None]:
    """Argon2 is deliberately slow; the suite signs up hundreds of people. One test checks that
    Mend itself stores Argon2 (it restores the real setting)."""
    from django.conf import settings

    real = settings.PASSWORD_HASHERS
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", *real]
    # The same for self-trust passphrases: scrypt at 1 MiB instead of 128 (one test checks the
    # real parameters reach the stored lock).
    real_n = settings.MEND_SELFTRUST_SCRYPT_N
    settings.MEND_SELFTRUST_SCRYPT_N = 2**10
    yield
    settings.PASSWORD_HASHERS = real
    settings.MEND_SELFTRUST_SCRYPT_N = real_n


@pytest.fixture(autouse=True)
def empty_memo() -> None:
    """Each test starts with the per-process memos empty (``mend.core.memo``). A class's
    ``setUpTestData`` space outlives each test's rollback, and so does its change counter's value:
    a memo keyed by them would carry one test's dashboard into the next."""
    memo.clear_all()


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--route-coverage",
        action="store_true",
        dest="mend_route_coverage",
        help="check route coverage of the authorization matrices even for a partial run",
    )


def pytest_configure(config: pytest.Config) -> None:
    config.pluginmanager.register(route_coverage.Plugin(config), "mend-route-coverage")
