"""A swarm, a joined worker and a service through the docker-swarm provider plugin, from Python.

The manager engine is the provider's configuration (docker-swarm:host): the Swarm and the service
declare no connection, and the worker's manager defaults to it.
"""
import pulumi
import pulumi_docker_swarm as swarm_pkg

config = pulumi.Config()

swarm = swarm_pkg.Swarm(
    "swarm",
    advertise_addr=config.require("advertiseAddr"),
    spec=swarm_pkg.SwarmSpecArgs(task_history_retention_limit=3),
)

worker = swarm_pkg.SwarmNode(
    "worker",
    connection=swarm_pkg.ConnectionArgs(host=config.require("workerHost")),
    join=swarm_pkg.SwarmNodeJoinArgs(
        remote_addrs=[swarm.join_address],
        token=swarm.join_tokens.apply(lambda t: t.worker),
        advertise_addr=config.require("workerAddr"),
    ),
    labels={"zone": "a"},
    removal=swarm_pkg.SwarmNodeRemovalArgs(drain_timeout="30s"),
)

web = swarm_pkg.SwarmService(
    "web",
    image="pds/busybox:latest",
    command=["sleep", "3600"],
    replicas=config.get_int("replicas") or 2,
    env={"MODE": config.get("mode") or "test"},
    stop_grace_period="1s",
    update_config=swarm_pkg.SwarmServiceUpdateConfigArgs(monitor="1s"),
    placement=swarm_pkg.SwarmServicePlacementArgs(constraints=["node.role==worker"]),
    opts=pulumi.ResourceOptions(depends_on=[worker]),
)

nodes = swarm_pkg.get_nodes_output(filters=swarm_pkg.GetNodesArgsFilters(role=["worker"]), opts=pulumi.InvokeOutputOptions(depends_on=[worker]))

pulumi.export("swarmId", swarm.swarm_id)
pulumi.export("workerNodeId", worker.node_id)
pulumi.export("serviceId", web.service_id)
pulumi.export("running", web.running_tasks)
pulumi.export("workers", nodes.nodes.apply(lambda ns: len(ns)))
