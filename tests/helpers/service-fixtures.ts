/**
 * Services as real engines returned them (GET /services/{id}), captured from the test beds: the same
 * spec created on Docker 20.10.24 (API 1.41) and 26.1.5 (API 1.45). Used to check that read-back
 * specs map back to the inputs without spurious differences.
 */
/* eslint-disable */
export const RICH_SERVICE_ENGINE_20_10 = {
  "ID": "he1q473pyto2y6aph1quckmef",
  "Version": {
    "Index": 36
  },
  "CreatedAt": "2026-11-22T01:55:46.508222837Z",
  "UpdatedAt": "2026-11-22T01:55:46.514601657Z",
  "Spec": {
    "Name": "rich",
    "Labels": {
      "a": "b"
    },
    "TaskTemplate": {
      "ContainerSpec": {
        "Image": "pds/busybox:latest",
        "Labels": {
          "cl": "v"
        },
        "Command": [
          "sleep",
          "3600"
        ],
        "Hostname": "h1",
        "Env": [
          "B=2",
          "A=1"
        ],
        "Dir": "/tmp",
        "User": "root",
        "Groups": [
          "users"
        ],
        "Privileges": {
          "CredentialSpec": null,
          "SELinuxContext": {
            "Disable": true,
            "User": "",
            "Role": "",
            "Type": "",
            "Level": ""
          }
        },
        "Init": true,
        "StopSignal": "SIGTERM",
        "ReadOnly": true,
        "Mounts": [
          {
            "Type": "tmpfs",
            "Target": "/scratch",
            "TmpfsOptions": {
              "SizeBytes": 1048576,
              "Mode": 1023
            }
          },
          {
            "Type": "volume",
            "Source": "v1",
            "Target": "/data",
            "VolumeOptions": {
              "NoCopy": true,
              "Labels": {
                "x": "y"
              },
              "DriverConfig": {
                "Name": "local",
                "Options": {
                  "device": "tmpfs",
                  "type": "tmpfs"
                }
              }
            }
          },
          {
            "Type": "bind",
            "Source": "/tmp",
            "Target": "/hosttmp",
            "ReadOnly": true,
            "BindOptions": {
              "Propagation": "rprivate"
            }
          }
        ],
        "StopGracePeriod": 1000000000,
        "Healthcheck": {
          "Test": [
            "CMD-SHELL",
            "true"
          ],
          "Interval": 2000000000,
          "Timeout": 1000000000,
          "StartPeriod": 1000000000,
          "Retries": 3
        },
        "Hosts": [
          "10.0.0.5 db.local"
        ],
        "DNSConfig": {
          "Nameservers": [
            "10.0.0.2"
          ],
          "Search": [
            "example.org"
          ],
          "Options": [
            "ndots:2"
          ]
        },
        "Secrets": [
          {
            "File": {
              "Name": "s1",
              "UID": "0",
              "GID": "0",
              "Mode": 292
            },
            "SecretID": "0d3imekpqiktkl4t5xkrbsfhc",
            "SecretName": "s1"
          }
        ],
        "Configs": [
          {
            "File": {
              "Name": "/c1",
              "UID": "0",
              "GID": "0",
              "Mode": 292
            },
            "ConfigID": "hqirsb5a4i8v5ufwhg424s8wd",
            "ConfigName": "c1"
          }
        ],
        "Isolation": "default",
        "Sysctls": {
          "net.ipv4.ip_forward": "1"
        },
        "CapabilityAdd": [
          "CAP_NET_ADMIN"
        ],
        "CapabilityDrop": [
          "CAP_MKNOD"
        ],
        "Ulimits": [
          {
            "Name": "nofile",
            "Hard": 2048,
            "Soft": 1024
          }
        ]
      },
      "Resources": {
        "Limits": {
          "NanoCPUs": 500000000,
          "MemoryBytes": 67108864,
          "Pids": 100
        },
        "Reservations": {
          "NanoCPUs": 100000000,
          "MemoryBytes": 8388608
        }
      },
      "RestartPolicy": {
        "Condition": "on-failure",
        "Delay": 1000000000,
        "MaxAttempts": 3,
        "Window": 10000000000
      },
      "Placement": {
        "Constraints": [
          "node.role==manager"
        ],
        "Preferences": [
          {
            "Spread": {
              "SpreadDescriptor": "node.labels.zone"
            }
          }
        ],
        "MaxReplicas": 2
      },
      "Networks": [
        {
          "Target": "p3g32dif31bsxno9h8rpqh2yx",
          "Aliases": [
            "web"
          ],
          "DriverOpts": {
            "k": "v"
          }
        }
      ],
      "LogDriver": {
        "Name": "json-file",
        "Options": {
          "max-size": "1m"
        }
      },
      "ForceUpdate": 0,
      "Runtime": "container"
    },
    "Mode": {
      "Replicated": {
        "Replicas": 1
      }
    },
    "UpdateConfig": {
      "Parallelism": 1,
      "Delay": 1000000000,
      "FailureAction": "pause",
      "Monitor": 1000000000,
      "MaxFailureRatio": 0,
      "Order": "stop-first"
    },
    "RollbackConfig": {
      "Parallelism": 0,
      "FailureAction": "pause",
      "MaxFailureRatio": 0,
      "Order": "stop-first"
    },
    "EndpointSpec": {
      "Mode": "vip",
      "Ports": [
        {
          "Protocol": "tcp",
          "TargetPort": 80,
          "PublishedPort": 8080,
          "PublishMode": "ingress"
        },
        {
          "Protocol": "udp",
          "TargetPort": 81,
          "PublishedPort": 8081,
          "PublishMode": "host"
        }
      ]
    }
  },
  "Endpoint": {
    "Spec": {
      "Mode": "vip",
      "Ports": [
        {
          "Protocol": "tcp",
          "TargetPort": 80,
          "PublishedPort": 8080,
          "PublishMode": "ingress"
        },
        {
          "Protocol": "udp",
          "TargetPort": 81,
          "PublishedPort": 8081,
          "PublishMode": "host"
        }
      ]
    },
    "Ports": [
      {
        "Protocol": "tcp",
        "TargetPort": 80,
        "PublishedPort": 8080,
        "PublishMode": "ingress"
      },
      {
        "Protocol": "udp",
        "TargetPort": 81,
        "PublishedPort": 8081,
        "PublishMode": "host"
      }
    ],
    "VirtualIPs": [
      {
        "NetworkID": "3968pwu4uetejbdx5jv0d9mnz",
        "Addr": "10.0.0.5/24"
      },
      {
        "NetworkID": "p3g32dif31bsxno9h8rpqh2yx",
        "Addr": "10.0.1.2/24"
      }
    ]
  }
} as const;

export const RICH_SERVICE_ENGINE_26_1 = {
  "ID": "vxc4w21uwugfkoqg0qmo3cxkx",
  "Version": {
    "Index": 25
  },
  "CreatedAt": "2026-11-22T01:55:49.447173976Z",
  "UpdatedAt": "2026-11-22T01:55:49.449470139Z",
  "Spec": {
    "Name": "rich",
    "Labels": {
      "a": "b"
    },
    "TaskTemplate": {
      "ContainerSpec": {
        "Image": "pds/busybox:latest",
        "Labels": {
          "cl": "v"
        },
        "Command": [
          "sleep",
          "3600"
        ],
        "Hostname": "h1",
        "Env": [
          "B=2",
          "A=1"
        ],
        "Dir": "/tmp",
        "User": "root",
        "Groups": [
          "users"
        ],
        "Privileges": {
          "CredentialSpec": null,
          "SELinuxContext": {
            "Disable": true,
            "User": "",
            "Role": "",
            "Type": "",
            "Level": ""
          },
          "NoNewPrivileges": false
        },
        "Init": true,
        "StopSignal": "SIGTERM",
        "ReadOnly": true,
        "Mounts": [
          {
            "Type": "tmpfs",
            "Target": "/scratch",
            "TmpfsOptions": {
              "SizeBytes": 1048576,
              "Mode": 1023
            }
          },
          {
            "Type": "volume",
            "Source": "v1",
            "Target": "/data",
            "VolumeOptions": {
              "NoCopy": true,
              "Labels": {
                "x": "y"
              },
              "DriverConfig": {
                "Name": "local",
                "Options": {
                  "device": "tmpfs",
                  "type": "tmpfs"
                }
              }
            }
          },
          {
            "Type": "bind",
            "Source": "/tmp",
            "Target": "/hosttmp",
            "ReadOnly": true,
            "BindOptions": {
              "Propagation": "rprivate"
            }
          }
        ],
        "StopGracePeriod": 1000000000,
        "Healthcheck": {
          "Test": [
            "CMD-SHELL",
            "true"
          ],
          "Interval": 2000000000,
          "Timeout": 1000000000,
          "StartPeriod": 1000000000,
          "Retries": 3
        },
        "Hosts": [
          "10.0.0.5 db.local"
        ],
        "DNSConfig": {
          "Nameservers": [
            "10.0.0.2"
          ],
          "Search": [
            "example.org"
          ],
          "Options": [
            "ndots:2"
          ]
        },
        "Secrets": [
          {
            "File": {
              "Name": "s1",
              "UID": "0",
              "GID": "0",
              "Mode": 292
            },
            "SecretID": "6t3ob3a5ckinkzrhrsskbs118",
            "SecretName": "s1"
          }
        ],
        "Configs": [
          {
            "File": {
              "Name": "/c1",
              "UID": "0",
              "GID": "0",
              "Mode": 292
            },
            "ConfigID": "926x7520m22g7wtgm9bscwyh7",
            "ConfigName": "c1"
          }
        ],
        "Isolation": "default",
        "Sysctls": {
          "net.ipv4.ip_forward": "1"
        },
        "CapabilityAdd": [
          "CAP_NET_ADMIN"
        ],
        "CapabilityDrop": [
          "CAP_MKNOD"
        ],
        "Ulimits": [
          {
            "Name": "nofile",
            "Hard": 2048,
            "Soft": 1024
          }
        ]
      },
      "Resources": {
        "Limits": {
          "NanoCPUs": 500000000,
          "MemoryBytes": 67108864,
          "Pids": 100
        },
        "Reservations": {
          "NanoCPUs": 100000000,
          "MemoryBytes": 8388608
        }
      },
      "RestartPolicy": {
        "Condition": "on-failure",
        "Delay": 1000000000,
        "MaxAttempts": 3,
        "Window": 10000000000
      },
      "Placement": {
        "Constraints": [
          "node.role==manager"
        ],
        "Preferences": [
          {
            "Spread": {
              "SpreadDescriptor": "node.labels.zone"
            }
          }
        ],
        "MaxReplicas": 2
      },
      "Networks": [
        {
          "Target": "mfrg1ptmvu7q2l82ae3pnik12",
          "Aliases": [
            "web"
          ],
          "DriverOpts": {
            "k": "v"
          }
        }
      ],
      "LogDriver": {
        "Name": "json-file",
        "Options": {
          "max-size": "1m"
        }
      },
      "ForceUpdate": 0,
      "Runtime": "container"
    },
    "Mode": {
      "Replicated": {
        "Replicas": 1
      }
    },
    "UpdateConfig": {
      "Parallelism": 1,
      "Delay": 1000000000,
      "FailureAction": "pause",
      "Monitor": 1000000000,
      "MaxFailureRatio": 0,
      "Order": "stop-first"
    },
    "RollbackConfig": {
      "Parallelism": 0,
      "FailureAction": "pause",
      "MaxFailureRatio": 0,
      "Order": "stop-first"
    },
    "EndpointSpec": {
      "Mode": "vip",
      "Ports": [
        {
          "Protocol": "tcp",
          "TargetPort": 80,
          "PublishedPort": 8080,
          "PublishMode": "ingress"
        },
        {
          "Protocol": "udp",
          "TargetPort": 81,
          "PublishedPort": 8081,
          "PublishMode": "host"
        }
      ]
    }
  },
  "Endpoint": {
    "Spec": {
      "Mode": "vip",
      "Ports": [
        {
          "Protocol": "tcp",
          "TargetPort": 80,
          "PublishedPort": 8080,
          "PublishMode": "ingress"
        },
        {
          "Protocol": "udp",
          "TargetPort": 81,
          "PublishedPort": 8081,
          "PublishMode": "host"
        }
      ]
    },
    "Ports": [
      {
        "Protocol": "tcp",
        "TargetPort": 80,
        "PublishedPort": 8080,
        "PublishMode": "ingress"
      },
      {
        "Protocol": "udp",
        "TargetPort": 81,
        "PublishedPort": 8081,
        "PublishMode": "host"
      }
    ],
    "VirtualIPs": [
      {
        "NetworkID": "n7fivdzrp8ee6soiy4phmclbn",
        "Addr": "10.0.0.5/24"
      },
      {
        "NetworkID": "mfrg1ptmvu7q2l82ae3pnik12",
        "Addr": "10.0.1.2/24"
      }
    ]
  }
} as const;

