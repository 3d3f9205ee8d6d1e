#!/usr/bin/env bash
# Builds what YAML and Python programs need, once, into the same cache as the Pulumi CLI, and prints
# the CLI's bin folder (where the language hosts now sit next to `pulumi`, as in a CLI release):
#
#   pulumi-language-yaml      the YAML language host, from the Go module github.com/pulumi/pulumi-yaml
#                             ($YAML_HOST_VERSION, default v1.25.0, the newest the module proxy lists)
#   pulumi-language-python    the Python language host. Its own Go module
#                             (sdk/python/cmd/pulumi-language-python/v3) is refused by the module proxy
#                             this project can reach; before it became a module of its own it was a
#                             package of sdk/v3, and the newest sdk/v3 that carries it is v3.68.0 (as for
#                             the Node.js host). Its exec shim (pulumi-language-python-exec) ships in the
#                             same module and goes next to it.
#   pulumi-gen-sdk            Pulumi's own SDK code generators (pkg/v3/codegen, at the CLI's version)
#                             behind a small command: `pulumi package gen-sdk` asks the language host to
#                             generate an SDK (GeneratePackage), which the v3.68.0 Python host predates.
#   python venv               $PDS_CACHE/python/venv-<sdk version> with Pulumi's Python SDK from PyPI
#                             ($PULUMI_PYTHON_SDK_VERSION, default 3.272.0, the newest release PyPI had
#                             here; its bin folder is printed by `build-language-hosts.sh venv`)
#
# Usage: build-language-hosts.sh [bin|venv]   (default: bin). Every step is skipped when already done.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
source "$HERE/../../scripts/env.sh"

YAML_HOST_VERSION="${YAML_HOST_VERSION:-v1.25.0}"
PYTHON_HOST_SDK_VERSION="${PYTHON_HOST_SDK_VERSION:-3.68.0}"
PULUMI_PYTHON_SDK_VERSION="${PULUMI_PYTHON_SDK_VERSION:-3.272.0}"
BIN="$(pds_pulumi_bin)"
VENV="$PDS_CACHE/python/venv-$PULUMI_PYTHON_SDK_VERSION"

log() { echo "build-language-hosts: $*" >&2; }
export GOFLAGS="${GOFLAGS:--buildvcs=false}" GOTOOLCHAIN="${GOTOOLCHAIN:-auto}"

# Each Go build happens in a wrapper module of its own, in a scratch folder next to the binaries.
go_build() { # <name> <module@version> <package> <ldflags> [replace...]
  local name="$1" module="$2" package="$3" ldflags="$4"
  shift 4
  local work
  work="$(mktemp -d "$BIN/../build-$name.XXXXXX")"
  (
    trap 'rm -rf "$work"' EXIT
    cd "$work"
    go mod init "local.invalid/$name" >/dev/null 2>&1
    for r in "$@"; do go mod edit -replace="$r"; done
    printf '//go:build tools\n\npackage tools\n\nimport _ "%s"\n' "$package" > tools.go
    go get "$module" >&2
    go mod tidy >&2
    go build -trimpath -ldflags "$ldflags" -o "$work/$name" "$package" >&2
    mv "$work/$name" "$BIN/$name"
  )
}

if [[ ! -x "$BIN/pulumi-language-yaml" ]]; then
  command -v go >/dev/null || { log "Go is required (apt-get install golang-go)"; exit 1; }
  log "building pulumi-language-yaml $YAML_HOST_VERSION"
  t=$(date +%s)
  go_build pulumi-language-yaml "github.com/pulumi/pulumi-yaml@$YAML_HOST_VERSION" \
    github.com/pulumi/pulumi-yaml/cmd/pulumi-language-yaml \
    "-s -w -X github.com/pulumi/pulumi-yaml/pkg/version.Version=$YAML_HOST_VERSION"
  log "pulumi-language-yaml built in $(( $(date +%s) - t ))s"
fi

if [[ ! -x "$BIN/pulumi-language-python" || ! -x "$BIN/pulumi-language-python-exec" ]]; then
  command -v go >/dev/null || { log "Go is required (apt-get install golang-go)"; exit 1; }
  log "building pulumi-language-python from sdk/v3 v$PYTHON_HOST_SDK_VERSION"
  t=$(date +%s)
  go_build pulumi-language-python "github.com/pulumi/pulumi/sdk/v3@v$PYTHON_HOST_SDK_VERSION" \
    github.com/pulumi/pulumi/sdk/v3/python/cmd/pulumi-language-python \
    "-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v$PYTHON_HOST_SDK_VERSION" \
    golang.org/x/text=golang.org/x/text@v0.3.6
  shim="$(go env GOMODCACHE)/github.com/pulumi/pulumi/sdk/v3@v$PYTHON_HOST_SDK_VERSION/python/cmd/pulumi-language-python-exec"
  install -m 0755 "$shim" "$BIN/pulumi-language-python-exec"
  log "pulumi-language-python built in $(( $(date +%s) - t ))s"
fi

if [[ ! -x "$BIN/pulumi-gen-sdk" ]]; then
  log "building pulumi-gen-sdk (Pulumi's codegen at v$PDS_PULUMI_CLI_VERSION)"
  t=$(date +%s)
  work="$(mktemp -d "$BIN/../build-gen-sdk.XXXXXX")"
  (
    trap 'rm -rf "$work"' EXIT
    cd "$work"
    go mod init local.invalid/pulumi-gen-sdk >/dev/null 2>&1
    go mod edit -replace=github.com/atotto/clipboard=github.com/tgummerer/clipboard@v0.0.0-20241001131231-d02d263e614e
    go mod edit -replace=golang.org/x/text=golang.org/x/text@v0.39.0
    cp "$HERE/gen-sdk/main.go" main.go
    go get "github.com/pulumi/pulumi/pkg/v3@v$PDS_PULUMI_CLI_VERSION" "github.com/pulumi/pulumi/sdk/v3@v$PDS_PULUMI_CLI_VERSION" >&2
    go mod tidy >&2
    go build -trimpath -ldflags "-s -w" -o "$BIN/pulumi-gen-sdk" . >&2
  )
  log "pulumi-gen-sdk built in $(( $(date +%s) - t ))s"
fi

if [[ ! -x "$VENV/bin/python" ]] || ! "$VENV/bin/python" -c "import pulumi" 2>/dev/null; then
  py="$(command -v python3 || true)"
  if [[ -z "$py" ]] || ! "$py" -c "import ensurepip, venv" 2>/dev/null; then
    log "installing python3 and python3-venv (Debian packages)"
    apt-get update -qq >&2 && apt-get install -y -qq python3 python3-venv >&2
    py="$(command -v python3)"
  fi
  log "creating $VENV with pulumi==$PULUMI_PYTHON_SDK_VERSION from PyPI"
  t=$(date +%s)
  rm -rf "$VENV"
  mkdir -p "$(dirname "$VENV")"
  "$py" -m venv "$VENV"
  "$VENV/bin/pip" install --quiet --disable-pip-version-check "pulumi==$PULUMI_PYTHON_SDK_VERSION" setuptools wheel >&2
  log "venv ready in $(( $(date +%s) - t ))s"
fi

case "${1:-bin}" in
  bin) echo "$BIN" ;;
  venv) echo "$VENV" ;;
  *) log "unknown argument ${1}"; exit 2 ;;
esac
