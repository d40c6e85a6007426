# shellcheck shell=bash
# `airlock` for shell scripts under test, defined as the bash function `airlock_twin` (a script gets it through
# BASH_ENV, which bash sources before the script). It sends the command line, the current folder and the whole
# exported environment to the test's loopback endpoint (AIRLOCK_CLI_SERVER, test/helpers/cli.ts
# startCliServer), which runs it with the repository's CLI in the test's process; it prints what the command
# printed and returns its exit status. Plain bash over /dev/tcp, no interpreter to start: a python client cost
# more CPU than the command it forwarded.
#
# Request body: items, each `<bytes>:<item>` — the argument count, the arguments, the folder, then NAME=value
# for each exported variable. Reply body: `<status> <stdout bytes> <stderr bytes>\n<stdout><stderr>`.
airlock_twin() {
  local -a items=("$#" "$@" "$PWD")
  local name
  for name in $(compgen -e); do items+=("$name=${!name}"); done
  # Byte lengths from here on (an item is counted as bytes, not characters).
  local LC_ALL=C
  local body="" item
  for item in "${items[@]}"; do body+="${#item}:${item}"; done
  local address=${AIRLOCK_CLI_SERVER#http://}
  address=${address%%/*}
  local host=${address%:*} port=${address##*:}
  if [[ $host != 127.0.0.1 ]]; then
    echo "airlock_twin: AIRLOCK_CLI_SERVER must be a 127.0.0.1 address, not $address" >&2
    return 70
  fi
  local fd
  exec {fd}<>"/dev/tcp/$host/$port" || return 70
  printf 'POST / HTTP/1.0\r\nHost: %s\r\nContent-Type: application/x-airlock-items\r\nContent-Length: %d\r\n\r\n%s' \
    "$address" "${#body}" "$body" >&"$fd"
  local status_line line code out_bytes err_bytes out="" err=""
  IFS= read -r status_line <&"$fd"
  while IFS= read -r line <&"$fd" && [[ $line != $'\r' && -n $line ]]; do :; done
  if [[ $status_line != "HTTP/1."?" 200 "* ]]; then
    echo "airlock_twin: ${status_line%$'\r'}: $(cat <&"$fd")" >&2
    exec {fd}>&-
    return 70
  fi
  read -r code out_bytes err_bytes <&"$fd"
  if ((out_bytes > 0)); then IFS= read -r -d '' -N "$out_bytes" out <&"$fd"; fi
  if ((err_bytes > 0)); then IFS= read -r -d '' -N "$err_bytes" err <&"$fd"; fi
  exec {fd}>&-
  printf '%s' "$out"
  printf '%s' "$err" >&2
  return "$code"
}
