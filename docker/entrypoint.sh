#!/bin/sh
# Seeds the weights volume with the shipped model on first start (never overwriting a version that
# is already there, so trained models and the chosen ACTIVE survive upgrades), then becomes the JVM
# (exec: SIGTERM from `docker stop` reaches it and it shuts down gracefully).
set -eu
mkdir -p "$WEIGHTS_DIR" "$DATA_DIR/samples"
for f in /app/seed-weights/*; do
  name=$(basename "$f")
  [ -e "$WEIGHTS_DIR/$name" ] || cp "$f" "$WEIGHTS_DIR/$name"
done
# shellcheck disable=SC2086
# The class-data archive made when the image was built (a JVM that cannot use it ignores it).
exec java $JAVA_OPTS -XX:SharedArchiveFile=/app/live-digits.jsa --add-modules jdk.incubator.vector -jar /app/live-digits.jar serve "$@"
