#!/usr/bin/env bash
# Builds the Pulumi CLI and the Node.js language host from Go modules, once, into a cache outside the
# repository. Later runs find the binaries there and return at once.
#
# Why this shape:
# - `go install .../pkg/v3/cmd/pulumi@vX` refuses modules with replace directives, so we build from a
#   small wrapper module that copies the non-relative replaces of pkg/v3 and sdk/v3.
# - The language host's own module (sdk/nodejs/cmd/pulumi-language-nodejs/v3) is not served by the
#   module proxy this project can reach. Before it became a module of its own it was a package of
#   sdk/v3; the newest sdk/v3 that still carries it is v3.68.0. It speaks the same LanguageRuntime gRPC
#   protocol (the CLI falls back for the RPCs it lacks) and only starts `node @pulumi/pulumi/cmd/run`
#   from the program's node_modules, so the program still runs on the current @pulumi/pulumi.
# - The dynamic-provider launcher `pulumi-resource-pulumi-nodejs` ships inside the @pulumi/pulumi npm
#   package; we copy it next to `pulumi`, where the CLI looks for bundled plugins.
set -euo pipefail

PULUMI_VERSION="${PULUMI_VERSION:?PULUMI_VERSION (e.g. 3.260.0) is required}"
LANGHOST_SDK_VERSION="${LANGHOST_SDK_VERSION:-3.68.0}"
CACHE_ROOT="${PDS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-docker-swarm}"
OUT="$CACHE_ROOT/pulumi-cli/v$PULUMI_VERSION"
BIN="$OUT/bin"

if [[ -x "$BIN/pulumi" && -x "$BIN/pulumi-language-nodejs" ]]; then
  echo "$BIN"
  exit 0
fi

command -v go >/dev/null || { echo "build-pulumi-cli: Go is required (apt-get install golang-go, or a Go >= 1.25 toolchain)" >&2; exit 1; }

log() { echo "build-pulumi-cli: $*" >&2; }
mkdir -p "$OUT"
WORK="$(mktemp -d "$OUT/build.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
export GOFLAGS="${GOFLAGS:--buildvcs=false}" GOTOOLCHAIN="${GOTOOLCHAIN:-auto}"
LDF="-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v$PULUMI_VERSION"
start=$(date +%s)

log "building pulumi v$PULUMI_VERSION (this takes several minutes the first time)"
mkdir -p "$WORK/cli"
(
  cd "$WORK/cli"
  go mod init local.invalid/pulumi-cli >/dev/null 2>&1
  go mod edit -replace=github.com/atotto/clipboard=github.com/tgummerer/clipboard@v0.0.0-20241001131231-d02d263e614e
  go mod edit -replace=golang.org/x/text=golang.org/x/text@v0.39.0
  cat > tools.go <<'GO'
//go:build tools

package tools

import _ "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi"
GO
  go get "github.com/pulumi/pulumi/pkg/v3@v$PULUMI_VERSION" "github.com/pulumi/pulumi/sdk/v3@v$PULUMI_VERSION" >&2
  go mod tidy >&2
  go build -trimpath -tags osusergo,grpcnotrace -ldflags "$LDF" -o "$WORK/pulumi" github.com/pulumi/pulumi/pkg/v3/cmd/pulumi
)

log "building pulumi-language-nodejs from sdk/v3 v$LANGHOST_SDK_VERSION"
mkdir -p "$WORK/lang"
(
  cd "$WORK/lang"
  go mod init local.invalid/pulumi-language-nodejs >/dev/null 2>&1
  go mod edit -replace=golang.org/x/text=golang.org/x/text@v0.3.6
  cat > tools.go <<'GO'
//go:build tools

package tools

import _ "github.com/pulumi/pulumi/sdk/v3/nodejs/cmd/pulumi-language-nodejs"
GO
  go get "github.com/pulumi/pulumi/sdk/v3@v$LANGHOST_SDK_VERSION" >&2
  go mod tidy >&2
  go build -trimpath -ldflags "-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v$LANGHOST_SDK_VERSION" \
    -o "$WORK/pulumi-language-nodejs" github.com/pulumi/pulumi/sdk/v3/nodejs/cmd/pulumi-language-nodejs
)

mkdir -p "$BIN"
mv "$WORK/pulumi" "$WORK/pulumi-language-nodejs" "$BIN/"
log "built in $(( $(date +%s) - start ))s into $BIN"
echo "$BIN"
