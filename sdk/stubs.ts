/**
 * The provider objects handed to `pulumi.dynamic.Resource`. Pulumi serializes each into state as
 * JavaScript text, so they must stay tiny: each method only `require`s the implementation by package
 * name (resolved from the program's directory in the provider host) and delegates. Each loads only its
 * own resource's module (a subpath of the package), so the provider host holds no more than it serves. They capture
 * nothing: no schema, no client, no configuration. A test serializes each one and checks its size.
 */
import type * as pulumi from "@pulumi/pulumi";

export const swarmProvider: pulumi.dynamic.ResourceProvider = {
  check: (olds, news) => require("pulumi-docker-swarm/provider/swarm").check(olds, news),
  diff: (id, olds, news) => require("pulumi-docker-swarm/provider/swarm").diff(id, olds, news),
  create: (inputs) => require("pulumi-docker-swarm/provider/swarm").create(inputs),
  read: (id, props) => require("pulumi-docker-swarm/provider/swarm").read(id, props),
  update: (id, olds, news) => require("pulumi-docker-swarm/provider/swarm").update(id, olds, news),
  delete: (id, props) => require("pulumi-docker-swarm/provider/swarm").delete(id, props),
};

export const nodeProvider: pulumi.dynamic.ResourceProvider = {
  check: (olds, news) => require("pulumi-docker-swarm/provider/node").check(olds, news),
  diff: (id, olds, news) => require("pulumi-docker-swarm/provider/node").diff(id, olds, news),
  create: (inputs) => require("pulumi-docker-swarm/provider/node").create(inputs),
  read: (id, props) => require("pulumi-docker-swarm/provider/node").read(id, props),
  update: (id, olds, news) => require("pulumi-docker-swarm/provider/node").update(id, olds, news),
  delete: (id, props) => require("pulumi-docker-swarm/provider/node").delete(id, props),
};

export const serviceProvider: pulumi.dynamic.ResourceProvider = {
  check: (olds, news) => require("pulumi-docker-swarm/provider/service").check(olds, news),
  diff: (id, olds, news) => require("pulumi-docker-swarm/provider/service").diff(id, olds, news),
  create: (inputs) => require("pulumi-docker-swarm/provider/service").create(inputs),
  read: (id, props) => require("pulumi-docker-swarm/provider/service").read(id, props),
  update: (id, olds, news) => require("pulumi-docker-swarm/provider/service").update(id, olds, news),
  delete: (id, props) => require("pulumi-docker-swarm/provider/service").delete(id, props),
};

export const secretProvider: pulumi.dynamic.ResourceProvider = {
  check: (olds, news) => require("pulumi-docker-swarm/provider/data-object").secret.check(olds, news),
  diff: (id, olds, news) => require("pulumi-docker-swarm/provider/data-object").secret.diff(id, olds, news),
  create: (inputs) => require("pulumi-docker-swarm/provider/data-object").secret.create(inputs),
  read: (id, props) => require("pulumi-docker-swarm/provider/data-object").secret.read(id, props),
  update: (id, olds, news) => require("pulumi-docker-swarm/provider/data-object").secret.update(id, olds, news),
  delete: (id, props) => require("pulumi-docker-swarm/provider/data-object").secret.delete(id, props),
};

export const configProvider: pulumi.dynamic.ResourceProvider = {
  check: (olds, news) => require("pulumi-docker-swarm/provider/data-object").config.check(olds, news),
  diff: (id, olds, news) => require("pulumi-docker-swarm/provider/data-object").config.diff(id, olds, news),
  create: (inputs) => require("pulumi-docker-swarm/provider/data-object").config.create(inputs),
  read: (id, props) => require("pulumi-docker-swarm/provider/data-object").config.read(id, props),
  update: (id, olds, news) => require("pulumi-docker-swarm/provider/data-object").config.update(id, olds, news),
  delete: (id, props) => require("pulumi-docker-swarm/provider/data-object").config.delete(id, props),
};

export const networkProvider: pulumi.dynamic.ResourceProvider = {
  check: (olds, news) => require("pulumi-docker-swarm/provider/network").check(olds, news),
  diff: (id, olds, news) => require("pulumi-docker-swarm/provider/network").diff(id, olds, news),
  create: (inputs) => require("pulumi-docker-swarm/provider/network").create(inputs),
  read: (id, props) => require("pulumi-docker-swarm/provider/network").read(id, props),
  update: (id, olds, news) => require("pulumi-docker-swarm/provider/network").update(id, olds, news),
  delete: (id, props) => require("pulumi-docker-swarm/provider/network").delete(id, props),
};

export const stackPrunerProvider: pulumi.dynamic.ResourceProvider = {
  check: (olds, news) => require("pulumi-docker-swarm/provider/stack").check(olds, news),
  diff: (id, olds, news) => require("pulumi-docker-swarm/provider/stack").diff(id, olds, news),
  create: (inputs) => require("pulumi-docker-swarm/provider/stack").create(inputs),
  read: (id, props) => require("pulumi-docker-swarm/provider/stack").read(id, props),
  update: (id, olds, news) => require("pulumi-docker-swarm/provider/stack").update(id, olds, news),
  delete: (id, props) => require("pulumi-docker-swarm/provider/stack").delete(id, props),
};

export const serviceGroupProvider: pulumi.dynamic.ResourceProvider = {
  check: (olds, news) => require("pulumi-docker-swarm/provider/service").group.check(olds, news),
  diff: (id, olds, news) => require("pulumi-docker-swarm/provider/service").group.diff(id, olds, news),
  create: (inputs) => require("pulumi-docker-swarm/provider/service").group.create(inputs),
  read: (id, props) => require("pulumi-docker-swarm/provider/service").group.read(id, props),
  update: (id, olds, news) => require("pulumi-docker-swarm/provider/service").group.update(id, olds, news),
  delete: (id, props) => require("pulumi-docker-swarm/provider/service").group.delete(id, props),
};
