"""A hostile SPARQL endpoint, for real (tests/helpers/endpoint_servers.py): redirects
elsewhere (with a second server counting whoever follows), drip-fed or missing answers,
hundreds of megabytes, credentials, and the real command line. Each test is named after the
bug it proves fixed; the malformed answers are in test_endpoint_answers.py."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from endpoint_servers import ROOT, SECRETS, SELECT, Hostile, error_line, timed
from endpoint_servers import (elsewhere_fixture, hostile_fixture,  # noqa: F401 (fixtures)
                              secrets_set_fixture)

from kg.endpoint import EndpointStore, push
from kg.errors import StoreError, UsageError

KG = Path(sys.executable).parent / "kg"


# 1. redirects ------------------------------------------------------------------------------

@pytest.mark.parametrize("code", [301, 302, 303, 307, 308])
def test_redirect_to_another_host_is_not_followed_and_credentials_stay(
        hostile, elsewhere, secrets_set, code):
    before = elsewhere.connections
    url = f"{hostile}/redirect/{code}"
    message = error_line(lambda: EndpointStore(url).select(SELECT))
    assert message == (f"the endpoint {url} answered with a redirect (HTTP {code}) to "
                       f"http://127.0.0.1:{elsewhere.server_address[1]}; give that URL with "
                       f"--endpoint if you trust it")
    assert elsewhere.connections == before and elsewhere.auth == []


def test_redirect_to_ftp_is_not_followed(hostile, elsewhere, secrets_set):
    before = elsewhere.connections
    message = error_line(lambda: EndpointStore(f"{hostile}/redirect/ftp").ask("ASK {}"))
    assert f"redirect (HTTP 302) to ftp://127.0.0.1:{elsewhere.server_address[1]};" in message
    assert elsewhere.connections == before and elsewhere.auth == []


def test_redirect_target_with_terminal_escapes_is_made_visible(hostile):
    message = error_line(lambda: EndpointStore(f"{hostile}/redirect/ansi").select(SELECT))
    assert "redirect (HTTP 302) to http://evil\\x07\\x1b.example:8080;" in message
    message = error_line(lambda: EndpointStore(f"{hostile}/redirect/osc").select(SELECT))
    assert "redirect (HTTP 302) to a place that is not a valid URL;" in message


def test_push_follows_no_redirect_either(hostile, elsewhere, secrets_set, built):
    before = elsewhere.connections
    message = error_line(lambda: push(built.dumps, gsp=f"{hostile}/redirect/307"))
    assert "redirect (HTTP 307)" in message and message.endswith("with --gsp if you trust it")
    message = error_line(lambda: push(built.dumps, update=f"{hostile}/redirect/308"))
    assert message.endswith("give that URL with --update-endpoint if you trust it")
    assert elsewhere.connections == before and elsewhere.auth == []


# 2. one deadline for the whole exchange ----------------------------------------------------

def test_drip_fed_body_no_longer_hangs_past_the_deadline(hostile):
    message, took = timed(lambda: EndpointStore(f"{hostile}/drip", timeout=2).select(SELECT))
    assert message == f"the endpoint {hostile}/drip did not answer within 2 s"
    assert 1.9 <= took < 4


def test_drip_fed_headers_no_longer_hang_past_the_deadline(hostile):
    url = f"{hostile}/drip/headers"
    message, took = timed(lambda: EndpointStore(url, timeout=2).select(SELECT))
    assert "did not answer within 2 s" in message and 1.9 <= took < 4


def test_silent_server_hits_the_deadline(hostile):
    message, took = timed(lambda: EndpointStore(f"{hostile}/silent", timeout=2).ask("ASK {}"))
    assert "did not answer within 2 s" in message and 1.9 <= took < 4


def test_push_has_the_same_deadline(hostile, built):
    message, took = timed(lambda: push(built.dumps, gsp=f"{hostile}/drip", timeout=2))
    assert "did not answer within 2 s" in message and 1.9 <= took < 4


# 3. the size cap ---------------------------------------------------------------------------

MEASURE = """
import sys
from kg.endpoint import EndpointStore
from kg.errors import StoreError


def peak():
    with open("/proc/self/status") as f:
        return next(int(line.split()[1]) * 1024 for line in f if line.startswith("VmHWM:"))


before = peak()
try:
    EndpointStore(sys.argv[1], timeout=60).select("SELECT * WHERE { ?s ?p ?o }")
    print("no error")
except StoreError as e:
    print(e)
print(peak() - before)
"""


def test_huge_answer_stops_at_the_cap_instead_of_costing_five_times_its_size(hostile):
    Hostile.huge_sent = 0
    env = {**os.environ, "KG_ENDPOINT_MAX_MB": "20"}
    out = subprocess.run([sys.executable, "-c", MEASURE, f"{hostile}/huge"], env=env,
                         cwd=ROOT, capture_output=True, text=True, timeout=120,
                         check=False)
    assert out.returncode == 0, out.stderr
    message, grown = out.stdout.strip().splitlines()
    assert message == ("the endpoint's answer is larger than 20 MiB (set KG_ENDPOINT_MAX_MB "
                       "to raise it)")
    assert int(grown) < 80 * 2**20, f"peak RSS grew by {int(grown) / 2**20:.0f} MiB"
    time.sleep(0.5)  # the server notices the hang-up
    assert Hostile.huge_sent < 100 * 2**20  # the client stopped reading at the cap


def test_declared_huge_content_length_is_refused_before_reading(hostile, monkeypatch):
    monkeypatch.setenv("KG_ENDPOINT_MAX_MB", "20")
    url = f"{hostile}/huge/declared"
    message, took = timed(lambda: EndpointStore(url, timeout=10).select(SELECT), StoreError)
    assert message.startswith("the endpoint's answer is larger than 20 MiB") and took < 2


@pytest.mark.parametrize("value", ["abc", "0", "-5", "nan", "inf", "1e30"])
def test_bad_max_mb_is_a_usage_error(hostile, monkeypatch, value):
    monkeypatch.setenv("KG_ENDPOINT_MAX_MB", value)
    message = error_line(lambda: EndpointStore(f"{hostile}/bad/not-json"), UsageError)
    assert message.startswith("KG_ENDPOINT_MAX_MB must be a positive number of MiB")


# 6. credentials ----------------------------------------------------------------------------

def test_401_does_not_echo_the_credentials(hostile, secrets_set):
    message = error_line(lambda: EndpointStore(f"{hostile}/echo-auth").select(SELECT))
    assert "refused access (HTTP 401): set KG_ENDPOINT_USER" in message


def test_credentials_in_the_url_stay_refused(hostile):
    url = hostile.replace("http://", "http://alice:s3cret@") + "/bad/not-json"
    assert "credentials do not go in the URL" in error_line(lambda: EndpointStore(url), UsageError)


# the real command line ---------------------------------------------------------------------

def test_cli_redirect_is_one_error_line_and_no_output(hostile, elsewhere, tmp_path):
    before = elsewhere.connections
    env = {**os.environ, "HOME": str(tmp_path), "KG_ENDPOINT_USER": "alice",
           "KG_ENDPOINT_PASSWORD": "s3cret"}
    out = subprocess.run([str(KG), "query", "--endpoint", f"{hostile}/redirect/302", "-e",
                          "SELECT * WHERE { ?s ?p ?o } LIMIT 1"], env=env, cwd=tmp_path,
                         capture_output=True, text=True, timeout=120,
                         check=False)
    assert out.returncode != 0
    assert out.stdout == ""
    lines = out.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), out.stderr
    assert "redirect (HTTP 302)" in lines[0] and not any(s in out.stderr for s in SECRETS)
    assert elsewhere.connections == before
