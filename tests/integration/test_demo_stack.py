"""The demo stack, from its bundle: loaded into an empty namespaced dockerd, started with Debian's
docker-compose v1 and a self-signed certificate, and used through the gateway the way a customer would."""
import json

import pytest

from installer.bundle import Bundle
from tests.integration.bundle_stack_kit import (compose, curl_in, load_bundle, port_open_in, self_signed,
                                                write_install_dir)

pytestmark = pytest.mark.targets
DOMAIN = "jobs.client.example.com"
PROJECT = "jfstacktest"


@pytest.fixture(scope="module")
def stack(fresh_engine, demo_bundle_1_0_0, tmp_path_factory):  # noqa: F811
    bundle = Bundle.open(demo_bundle_1_0_0)
    bundle.verify()
    load_bundle(fresh_engine.client(), bundle)
    install = tmp_path_factory.mktemp("opt-jobfirst")
    ca = self_signed(install / "tls", DOMAIN)
    write_install_dir(install, bundle, {"JOBFIRST_DOMAIN": DOMAIN, "JOBFIRST_CLIENT_ID": "client001",
                                        "JOBFIRST_CLIENT_NAME": "客户A", "JOBFIRST_EDITION": "enterprise",
                                        "JOBFIRST_MAX_USERS": "100", "JOBFIRST_MAX_CLIENTS": "2"})
    try:
        up = compose(fresh_engine.url, install, PROJECT, "up", "-d", check=False)
        assert up.returncode == 0, up.stderr[-3000:]
        yield {"engine": fresh_engine, "install": install, "ca": ca}
    finally:
        compose(fresh_engine.url, install, PROJECT, "down", "-v", "--remove-orphans", check=False)


def https(stack, path, *args):
    result = curl_in(stack["engine"].netns, "--cacert", str(stack["ca"]), "--resolve", f"{DOMAIN}:443:127.0.0.1",
                     *args, f"https://{DOMAIN}{path}")
    assert result.returncode == 0, result.stderr  # curl checked the chain and the name against the certificate
    return json.loads(result.stdout)


def test_port_80_redirects_to_https(stack):
    result = curl_in(stack["engine"].netns, "-o", "/dev/null", "-w", "%{http_code} %{redirect_url}",
                     "--resolve", f"{DOMAIN}:80:127.0.0.1", f"http://{DOMAIN}/api/jobs")
    assert result.stdout == f"301 https://{DOMAIN}/api/jobs"


def test_https_answers_with_the_customers_certificate(stack):
    assert https(stack, "/healthz") == {"status": "ok", "service": "gateway"}
    for service in ("users", "jobs", "ai"):
        health = https(stack, f"/api/{service}/healthz")
        assert health["status"] == "ok" and health["version"] == "1.0.0" and health["client_id"] == "client001"


def test_a_job_posted_through_the_gateway_reads_back(stack):
    posted = https(stack, "/api/jobs", "-X", "POST", "-d", json.dumps({"title": "数据工程师", "company": "ACME"}))
    assert https(stack, f"/api/jobs/{posted['id']}")["title"] == "数据工程师"
    assert posted["id"] in [job["id"] for job in https(stack, "/api/jobs")["jobs"]]


def test_tenants_are_kept_apart(stack):
    added = compose(stack["engine"].url, stack["install"], PROJECT, "exec", "-T", "user", "python3", "-m",
                    "jobfirst_app.admin", "tenant-add", "client002", "客户B")
    assert json.loads(added.stdout)["ok"] is True
    https(stack, "/api/users", "-X", "POST", "-d", json.dumps({"name": "A", "email": "a@client001.example"}))
    other = https(stack, "/api/users", "-H", "X-Client-Id: client002")
    assert other == {"users": []}
    unknown = https(stack, "/api/users", "-H", "X-Client-Id: client999")
    assert unknown["error"] == "unknown_client"


def test_the_ai_service_matches_deterministically(stack):
    body = json.dumps({"skills": ["Python", "SQL"], "jobs": [{"id": 1, "skills": ["python"]},
                                                              {"id": 2, "skills": ["sql", "python"]}]})
    answer = https(stack, "/api/ai/match", "-X", "POST", "-d", body)
    assert answer["matches"] == [{"id": 2, "score": 1.0}, {"id": 1, "score": 0.5}]


def test_database_and_cache_are_not_published(stack):
    client = stack["engine"].client()
    for service in ("postgres", "redis"):
        container = client.containers.list(filters={"label": f"com.docker.compose.service={service}"})[0]
        assert not any(container.attrs["NetworkSettings"]["Ports"].values()), f"{service} publishes a port"
    assert port_open_in(stack["engine"].netns, 443)
    assert not port_open_in(stack["engine"].netns, 5432) and not port_open_in(stack["engine"].netns, 6379)
