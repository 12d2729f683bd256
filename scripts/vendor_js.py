"""Vendor the JavaScript bundles ``kg serve`` ships: YASGUI for ``/editor``.

``python scripts/vendor_js.py`` (or ``make vendor``) reads the npm registry's metadata for the
pinned version, downloads the tarball it names, checks it against the sha512 integrity value
pinned below (the registry's own ``dist.integrity``, Subresource Integrity syntax), and only
then writes the released bundle into ``kg/serve/static/vendor/yasgui/``: ``yasgui.min.js``,
``yasgui.min.css``, ``LICENSE`` and a ``VERSION`` file (name, version, integrity, source URL,
and each written file's sha256). The vendored files are committed: ``kg serve`` never
downloads anything at run time; this script is how they were made, and re-running it
reproduces them byte for byte.

A checksum that does not match, or a tarball without the expected files: one line on stderr,
exit status 1, nothing written. ``--registry URL`` points at another registry (the tests use a
fake one on 127.0.0.1); ``--tarball FILE`` checks and extracts a local tarball instead.

The npm tarball of ``@zazuko/yasgui`` carries no licence file (its package.json says
``"license": "MIT"``), so ``LICENSE`` is the upstream repository's own file, copied below
verbatim from github.com/rdfjs/Yasgui (``LICENSE`` at commit 40555f43a225), under a header
naming the package. The bundle also carries its dependencies (CodeMirror 5, DOMPurify,
lodash-es, choices.js, sortablejs and the others in its package.json): MIT, except
@tarekraafat/autocomplete.js (Apache-2.0) and DOMPurify (MPL-2.0 or Apache-2.0); VERSION lists
them as the package declares them.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import io
import json
import sys
import tarfile
import tempfile
import urllib.parse
import urllib.request
from pathlib import Path

NAME = "@zazuko/yasgui"
VERSION = "4.6.2"
INTEGRITY = ("sha512-Zw45KdPoAE1KRaAoxIHdQqeJxvaVG1oQdntw0hy0ktX35Zu8ZccuOLrXCLwR+GU+0xMzLw8Mjw6B"
             "kSZV2vUuQw==")
REGISTRY = "https://registry.npmjs.org/"
# tarball member -> file written (only the released UMD bundle; no source maps, no ESM copy)
FILES = {"package/build/yasgui.min.js": "yasgui.min.js",
         "package/build/yasgui.min.css": "yasgui.min.css"}
DEST = Path(__file__).resolve().parent.parent / "kg" / "serve" / "static" / "vendor" / "yasgui"
MAX_BYTES = 50_000_000

LICENSE = """\
@zazuko/yasgui {version} (https://github.com/rdfjs/Yasgui), authors: Triply <info@triply.cc>,
Zazuko GmbH. Licence text: the repository's LICENSE file, verbatim.

The MIT License (MIT)

Permission is hereby granted, free of charge, to any person obtaining a copy
of this software and associated documentation files (the "Software"), to deal
in the Software without restriction, including without limitation the rights
to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
copies of the Software, and to permit persons to whom the Software is
furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in
all copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN
THE SOFTWARE.
"""


class VendorError(Exception):
    """Why nothing was written, in one line."""


def integrity_of(data: bytes) -> str:
    """The Subresource Integrity value (``sha512-<base64>``) npm records for a tarball."""
    return "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode("ascii")


def _get(url: str, timeout: float = 60) -> bytes:
    if urllib.parse.urlsplit(url).scheme not in ("https", "http"):
        raise VendorError(f"refusing to fetch {url!r}: not an http(s) URL")
    request = urllib.request.Request(url, headers={"Accept": "application/json, */*"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as r:  # the scheme is checked above
            data = r.read(MAX_BYTES + 1)
    except OSError as e:
        raise VendorError(f"could not fetch {url}: {e}") from None
    if len(data) > MAX_BYTES:
        raise VendorError(f"{url} is larger than {MAX_BYTES} bytes")
    return data


def tarball_url(registry: str) -> str:
    """The tarball URL the registry's metadata gives for the pinned version; its own
    integrity value must be the pinned one too."""
    meta_url = registry.rstrip("/") + "/" + NAME.replace("/", "%2F") + "/" + VERSION
    try:
        meta = json.loads(_get(meta_url))
        dist = meta["dist"]
        url, integrity = dist["tarball"], dist.get("integrity")
    except (ValueError, KeyError, TypeError):
        raise VendorError(f"{meta_url} is not npm metadata with dist.tarball") from None
    if integrity is not None and integrity != INTEGRITY:
        raise VendorError(f"checksum mismatch: the registry lists {NAME}@{VERSION} as "
                          f"{integrity}, pinned {INTEGRITY}; nothing written")
    return url


def extract(data: bytes, source: str) -> dict[str, bytes]:
    """The bundle's files (name -> bytes) from a tarball whose integrity was checked."""
    out = {}
    try:
        with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as tar:
            for member, name in FILES.items():
                info = tar.getmember(member)
                if not info.isfile():
                    raise VendorError(f"{member} in the tarball is not a regular file")
                out[name] = tar.extractfile(info).read()
            package = json.loads(tar.extractfile("package/package.json").read())
    except (KeyError, tarfile.TarError, OSError, ValueError) as e:
        raise VendorError(f"the tarball lacks the bundle ({e}); nothing written") from None
    if package.get("name") != NAME or package.get("version") != VERSION:
        raise VendorError(f"the tarball is {package.get('name')}@{package.get('version')}, "
                          f"not {NAME}@{VERSION}; nothing written")
    out["LICENSE"] = LICENSE.format(version=VERSION).encode("utf-8")
    out["VERSION"] = _version_file(package, out, source).encode("utf-8")
    return out


def _version_file(package: dict, files: dict[str, bytes], source: str) -> str:
    record = {"name": NAME, "version": VERSION, "integrity": INTEGRITY, "source": source,
              "license": package.get("license"),
              "bundled_dependencies": package.get("dependencies", {}),
              "files": {name: "sha256-" + hashlib.sha256(body).hexdigest()
                        for name, body in sorted(files.items())}}
    return json.dumps(record, indent=1, ensure_ascii=False) + "\n"


def vendor(registry: str = REGISTRY, tarball: Path | None = None, dest: Path = DEST) -> Path:
    """Download (or read), check, extract and write; raises VendorError before writing
    anything when a check fails."""
    # what VERSION names as the source: the registry's URL for this exact tarball
    source = f"{REGISTRY}{NAME}/-/{NAME.split('/')[1]}-{VERSION}.tgz"
    if tarball is not None:
        data = tarball.read_bytes()
    else:
        url = tarball_url(registry)
        data = _get(url)
        if registry == REGISTRY:
            source = url
    got = integrity_of(data)
    if got != INTEGRITY:
        raise VendorError(f"checksum mismatch for {NAME}@{VERSION}: got {got}, pinned "
                          f"{INTEGRITY}; nothing written")
    files = extract(data, source)
    dest.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=dest.parent) as tmp:
        for name, body in files.items():
            (Path(tmp) / name).write_bytes(body)
        for name in files:
            (Path(tmp) / name).replace(dest / name)
    return dest


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--registry", default=REGISTRY, help="npm registry base URL")
    parser.add_argument("--tarball", type=Path, help="check and extract this local tarball")
    parser.add_argument("--dest", type=Path, default=DEST, help="where the files go")
    args = parser.parse_args(argv)
    try:
        dest = vendor(args.registry, args.tarball, args.dest)
    except VendorError as e:
        print(f"vendor_js: {e}", file=sys.stderr)
        return 1
    print(f"vendor_js: {NAME}@{VERSION} ({INTEGRITY[:20]}...) -> {dest}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
