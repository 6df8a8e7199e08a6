// libpq, PostgreSQL's C client (Debian's libpq-dev), for what PostgresNIO does not do: COPY … TO STDOUT.
#include <postgresql/libpq-fe.h>
