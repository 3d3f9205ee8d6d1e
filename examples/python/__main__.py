"""A Docker Swarm, two workers and a service, through the docker-swarm provider plugin.

    npm install pulumi-docker-swarm                          # the plugin
    python3 -m venv venv && venv/bin/pip install -r requirements.txt
    pulumi config set docker-swarm:host tcp://10.0.0.11:2376  # the manager: the provider's engine
    pulumi config set docker-swarm:tlsCertPath ~/.docker/certs
    pulumi config set advertiseAddr 10.0.0.11
    pulumi config set --path 'workers[0]' tcp://10.0.0.12:2376
    pulumi config set --path 'workers[1]' tcp://10.0.0.13:2376
    pulumi up
"""
import pulumi
import pulumi_docker_swarm as docker_swarm

config = pulumi.Config()

# No connection: the provider's engine (docker-swarm:host), recorded in the resource's state.
swarm = docker_swarm.Swarm(
    "cluster",
    advertise_addr=config.require("advertiseAddr"),
    autolock=True,
    spec=docker_swarm.SwarmSpecArgs(
        task_history_retention_limit=3,
        ca_config=docker_swarm.SwarmSpecCaConfigArgs(node_cert_expiry="720h"),
    ),
)

workers = [
    docker_swarm.SwarmNode(
        f"worker-{i + 1}",
        connection=docker_swarm.ConnectionArgs(host=host),
        join=docker_swarm.SwarmNodeJoinArgs(
            remote_addrs=[swarm.join_address],
            token=swarm.join_tokens.apply(lambda t: t.worker),  # secret
        ),
        labels={"zone": "a" if i == 0 else "b"},
    )
    for i, host in enumerate(config.require_object("workers"))
]

web = docker_swarm.SwarmService(
    "web",
    image="nginx:1.27",
    replicas=config.get_int("replicas") or 3,
    env={"LOG_LEVEL": "info"},
    placement=docker_swarm.SwarmServicePlacementArgs(
        preferences=[docker_swarm.SwarmServicePlacementPreferenceArgs(spread="node.labels.zone")],
    ),
    update_config=docker_swarm.SwarmServiceUpdateConfigArgs(parallelism=1, order="start-first", monitor="10s"),
    endpoint=docker_swarm.SwarmServiceEndpointArgs(
        ports=[docker_swarm.SwarmServiceEndpointPortArgs(target_port=80, published_port=8080)],
    ),
    # The plugin honours customTimeouts: it bounds the wait for the service to converge.
    opts=pulumi.ResourceOptions(depends_on=workers, custom_timeouts=pulumi.CustomTimeouts(create="5m", update="10m")),
)

# A look-up (an Invoke of the plugin): the service as a manager reports it.
seen = docker_swarm.get_service_output(service=web.service_id)

pulumi.export("swarmId", swarm.swarm_id)
pulumi.export("unlockKey", swarm.unlock_key)  # secret
pulumi.export("ports", web.endpoint_ports)
pulumi.export("running", seen.running_tasks)
