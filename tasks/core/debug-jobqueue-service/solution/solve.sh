#!/bin/bash
# Reference fix: the corrected store, journal and broker modules.
#  - store.release requeues a dead worker's jobs through _enqueue (they were left 'ready' but
#    in no queue: lost);
#  - store.heartbeat extends the lease from now, not from the grant (long jobs re-ran);
#  - store.ack checks the lease token (a stale worker's ack completed a re-leased job);
#  - compaction takes the store lock before the journal lock (lock-order deadlock);
#  - the journal flushes every record before the broker answers (acked jobs lost on kill -9);
#  - replay orders ready jobs by submission sequence, not by id string (j10 before j9);
#  - a connection is always closed and forgotten, also after a bad line or a reset (fd leak).
set -e
cd /app
cp /solution/jobq/store.py /solution/jobq/journal.py /solution/jobq/broker.py jobq/
