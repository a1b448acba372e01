#!/bin/sh
# Hands one message from a Postfix or Exim pipe transport to the helpdesk.
#
#   HELPDESK_INBOUND_URL     https://help.example.com/api/inbound/email   (required)
#   HELPDESK_INBOUND_SECRET  the app's INBOUND_EMAIL_SECRET               (required)
#   $1 (optional)            the envelope recipient, e.g. Postfix ${recipient} or Exim $local_part@$domain
#
# The message is read from stdin and POSTed as message/rfc822. The exit code follows sysexits.h:
# 0 when the helpdesk stored it (or already had it), 75 (EX_TEMPFAIL) for everything else — the
# MTA keeps the message queued and tries again later, so nothing is bounced or lost because the
# helpdesk was down or misconfigured for a while.
set -u

EX_TEMPFAIL=75

url=${HELPDESK_INBOUND_URL:-}
secret=${HELPDESK_INBOUND_SECRET:-}
if [ -z "$url" ] || [ -z "$secret" ]; then
  echo "postfix-pipe: set HELPDESK_INBOUND_URL and HELPDESK_INBOUND_SECRET" >&2
  exit $EX_TEMPFAIL
fi
if [ $# -gt 1 ]; then
  echo "usage: postfix-pipe.sh [envelope-recipient] < message" >&2
  exit $EX_TEMPFAIL
fi
if [ $# -eq 1 ] && [ -n "$1" ]; then
  # Percent-encode the few characters an address may carry that break a query string.
  to=$(printf '%s' "$1" | sed -e 's/%/%25/g' -e 's/+/%2B/g' -e 's/&/%26/g' -e 's/#/%23/g' -e 's/ /%20/g')
  case "$url" in
    *\?*) url="$url&to=$to" ;;
    *) url="$url?to=$to" ;;
  esac
fi

# The Authorization header goes through a private temporary file so the secret never shows in `ps`.
headers=$(mktemp "${TMPDIR:-/tmp}/helpdesk-pipe.XXXXXX") || exit $EX_TEMPFAIL
trap 'rm -f "$headers"' EXIT HUP INT TERM
chmod 600 "$headers"
printf 'Authorization: Bearer %s\nContent-Type: message/rfc822\n' "$secret" >"$headers"

status=$(
  curl --silent --show-error \
    --header "@$headers" \
    --data-binary @- \
    --output /dev/null --write-out '%{http_code}' \
    --max-time 120 --connect-timeout 15 \
    "$url"
) || {
  echo "postfix-pipe: could not reach $url" >&2
  exit $EX_TEMPFAIL
}

case "$status" in
  2??) exit 0 ;;
  *)
    echo "postfix-pipe: the helpdesk answered HTTP $status" >&2
    exit $EX_TEMPFAIL
    ;;
esac
