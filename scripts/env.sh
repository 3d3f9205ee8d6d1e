# Sourced by the project's scripts: puts a Node >= 22 and the project's Pulumi CLI on PATH, and sets
# Pulumi's offline settings (file backend, passphrase, no update check, no plugin download), keeping
# any PULUMI_BACKEND_URL, PULUMI_CONFIG_PASSPHRASE or PULUMI_HOME the caller already set.
PDS_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export PDS_CACHE="${PDS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-docker-swarm}"
PDS_NODE_BIN="$("$PDS_ROOT/scripts/ensure-node.sh")"
export PATH="$PDS_NODE_BIN:$PATH"

# The CLI version is its own setting (package.json config.pulumiCliVersion), apart from the
# @pulumi/pulumi SDK version the package is developed with; PDS_PULUMI_CLI_VERSION overrides it.
PDS_PULUMI_CLI_VERSION="${PDS_PULUMI_CLI_VERSION:-$(node -p "require('$PDS_ROOT/package.json').config.pulumiCliVersion")}"
export PDS_PULUMI_CLI_VERSION

pds_pulumi_bin() {
  local bin
  bin="$(PULUMI_VERSION="$PDS_PULUMI_CLI_VERSION" "$PDS_ROOT/tests/bed/build-pulumi-cli.sh")" || return 1
  # The dynamic-provider launcher ships inside the @pulumi/pulumi npm package; the CLI finds bundled
  # plugins next to itself. It resolves @pulumi/pulumi from the program's directory at run time.
  if [[ ! -x "$bin/pulumi-resource-pulumi-nodejs" ]]; then
    cat > "$bin/pulumi-resource-pulumi-nodejs" <<'SH'
#!/bin/sh
PULUMI_DYNAMIC_PROVIDER_SCRIPT_PATH=$(node -e "console.log(require.resolve('@pulumi/pulumi/cmd/dynamic-provider'))")
if [ ! -z "$PULUMI_DYNAMIC_PROVIDER_SCRIPT_PATH" ]; then
    node "$PULUMI_DYNAMIC_PROVIDER_SCRIPT_PATH" $@
fi
SH
    chmod +x "$bin/pulumi-resource-pulumi-nodejs"
  fi
  echo "$bin"
}

export PULUMI_SKIP_UPDATE_CHECK=true
export PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true
export PULUMI_DISABLE_REGISTRY_RESOLVE=true
export PULUMI_AUTOMATION_API_SKIP_VERSION_CHECK=true
export PULUMI_HOME="${PULUMI_HOME:-$PDS_CACHE/pulumi-home}"
export PULUMI_BACKEND_URL="${PULUMI_BACKEND_URL:-file://$PDS_CACHE/pulumi-state}"
export PULUMI_CONFIG_PASSPHRASE="${PULUMI_CONFIG_PASSPHRASE-pulumi-docker-swarm-local}"
mkdir -p "$PULUMI_HOME" "${PULUMI_BACKEND_URL#file://}" 2>/dev/null || true
