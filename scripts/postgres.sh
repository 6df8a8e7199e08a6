# Shared by scripts/run and scripts/test: system packages and a private PostgreSQL cluster.
# Sourced, not run. PostgreSQL refuses to run as root, so as root the cluster runs as the `postgres` user.

LISTINGDESK_PACKAGES="postgresql libcurl4-openssl-dev libpq-dev libxml2-dev"

# Installs what the app needs and is missing (as root with apt-get), or says exactly what to install; with
# arguments, those packages instead.
ensure_packages() {
    local missing="" wanted="${*:-$LISTINGDESK_PACKAGES}"
    for package in $wanted; do
        dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing="$missing $package"
    done
    [ -z "$missing" ] && return 0
    if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
        echo "Installing:$missing"
        apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >/dev/null
    else
        echo "Missing system packages:$missing" >&2
        echo "Install them with: sudo apt-get install -y$missing" >&2
        exit 1
    fi
    command -v swift >/dev/null || { echo "swift is not on PATH: install the Swift 6.3 toolchain." >&2; exit 1; }
}

# The newest installed PostgreSQL server's bin folder.
postgres_bin() {
    local dir
    dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
    [ -n "$dir" ] || { echo "No PostgreSQL server found under /usr/lib/postgresql." >&2; exit 1; }
    echo "$dir"
}

# Runs a PostgreSQL server command as the right user.
as_postgres() {
    if [ "$(id -u)" -eq 0 ]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

# A free TCP port on loopback.
free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# init_cluster DIR: creates a cluster that trusts local connections and listens on loopback only.
init_cluster() {
    local dir=$1 bin
    bin=$(postgres_bin)
    mkdir -p "$dir"
    [ "$(id -u)" -eq 0 ] && chown postgres:postgres "$dir"
    chmod 700 "$dir"
    if [ ! -f "$dir/PG_VERSION" ]; then
        as_postgres "$bin/initdb" -D "$dir" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
    fi
}

# start_cluster DIR PORT [extra server options]: starts it (waiting until it answers).
start_cluster() {
    local dir=$1 port=$2 bin
    shift 2
    bin=$(postgres_bin)
    as_postgres "$bin/pg_ctl" -D "$dir" -l "$dir/server.log" -w -t 60 \
        -o "-p $port -k $dir -c listen_addresses=127.0.0.1 $*" start >/dev/null
}

stop_cluster() {
    local dir=$1 bin
    bin=$(postgres_bin)
    as_postgres "$bin/pg_ctl" -D "$dir" -m fast -w stop >/dev/null 2>&1 || true
}

# Whether the postgres user can reach a folder (a project under /root cannot hold its cluster).
postgres_can_reach() {
    [ "$(id -u)" -ne 0 ] && return 0
    runuser -u postgres -- test -x "$1"
}
