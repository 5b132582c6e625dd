# syntax=docker/dockerfile:1

# Build stage: Swift 6.1 on Debian bookworm, linked against Debian's librdkafka (2.0.2), the same
# library the runtime image installs.
FROM swift:6.1-bookworm AS builder
RUN apt-get update \
 && apt-get install -y --no-install-recommends librdkafka-dev libssl-dev pkg-config \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
# Package.* picks up Package.resolved too when one is present.
COPY Package.* ./
COPY Sources ./Sources
COPY Tests ./Tests
# The static Swift standard library and Foundation leave librdkafka as the only extra runtime
# dependency. .build is a cache mount, so the binary is copied out in the same step.
RUN --mount=type=cache,target=/src/.build \
    swift build -c release --product eyhub --static-swift-stdlib \
 && install -D -m 0755 .build/release/eyhub /out/eyhub

# Runtime stage: the binary, librdkafka and CA certificates (for TLS to brokers). tzdata lets
# Foundation resolve named time zones such as Europe/London.
FROM debian:bookworm-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends librdkafka1 ca-certificates tzdata \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --user-group --create-home --home-dir /var/lib/eyhub \
      --shell /usr/sbin/nologin eyhub
COPY --from=builder /out/eyhub /usr/local/bin/eyhub
COPY schemas /usr/share/eyhub/schemas
COPY models /usr/share/eyhub/models
COPY policies /usr/share/eyhub/policies
WORKDIR /var/lib/eyhub
USER eyhub
CMD ["eyhub", "--help"]
