# The two commands of the README, and their parts.
#   make demo   run the quickstart scenario (server + swarm + report)
#   make test   unit and end-to-end tests, the docs' checked commands and API docs, then the CI regression scenario
#   make docs   write docs/reference/ from the code (a test fails when the committed pages differ)
SWIFT ?= swift
RELEASE_BIN = .build/release/swarmcast

.PHONY: demo test setup build release unit smoke slurm slurm-cluster bench clean image docs doctest docc

demo: release
	$(RELEASE_BIN) run Configs/quickstart.yaml --out runs/quickstart

test: unit doctest docc smoke slurm slurm-cluster

setup:
	@scripts/setup.sh

build: setup
	$(SWIFT) build

release: setup
	$(SWIFT) build -c release

# A hung test must fail the run, not hold CI for its whole budget: the suite takes about a minute.
unit: setup
	$(SWIFT) build --build-tests
	timeout --kill-after=30 900 $(SWIFT) test --skip-build

# The reference pages (commands, settings, scenario keys, thresholds, metrics, exit codes),
# written from the declarations; ReferenceDriftTests fails when the committed ones differ.
docs: build
	.build/debug/swarmcast docs --out docs/reference

# Every command block of README.md and docs/ marked <!-- checked --> (docs/tests.md), run on a
# small count with the release binary: about a minute.
doctest: release
	scripts/doc-tests.sh --binary $(RELEASE_BIN)

# The library modules' API docs (swift-docc-plugin); a doc comment that warns fails the build.
DOCC_TARGETS = SwarmcastSettings SwarmcastWire SwarmcastLoop SwarmcastMeasure SwarmcastHLS SwarmcastScenario \
	SwarmcastReport SwarmcastServer SwarmcastSwarm SwarmcastRunner SwarmcastDocs
docc: setup
	$(SWIFT) package generate-documentation $(foreach t,$(DOCC_TARGETS),--target $(t)) --warnings-as-errors

# The regression scenario: its thresholds must hold (exit 99 otherwise).
smoke: release
	$(RELEASE_BIN) run Configs/ci-smoke.yaml --out runs/ci-smoke --progress plain

# Three swarm shards as a Slurm job on a one-host cluster this target starts and stops.
slurm: release
	deploy/slurm/run-local.sh

# A 3-node Slurm cluster of network-namespace hosts: a sharded swarm across its nodes, then one
# node killed mid-run (the merge must say which shard is missing). About 90 s.
slurm-cluster: release
	deploy/slurm/run-cluster.sh --nodes 3
	deploy/slurm/run-cluster.sh --nodes 3 --kill-node 2

# The container image swarmcast:VERSION, offline (FROM scratch, no registry), with a real engine
# (a private dockerd when none runs); prints its size. IMAGE_FLAGS e.g. --save swarmcast.tar.
image: release
	deploy/image/build-offline.sh --binary $(RELEASE_BIN) $(IMAGE_FLAGS)

clean:
	rm -rf .build runs
