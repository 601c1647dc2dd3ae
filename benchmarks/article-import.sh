#!/usr/bin/env bash
# Article import against many sources whose names share their leading words, on loopback only,
# bounded in time.
#
#   benchmarks/article-import.sh [sources] [max-seconds]
#
# Publishes the service (Release), starts it over a fresh database, seeds <sources> outlets named
# "وكالة أنباء <word> <word> <n>" (all sharing their first two words, forty sharing their first four)
# through the NDJSON import, then for a 4 kB page and a 1 MB page (1,048,576 bytes: a body just under
# the 500,000 characters an article may hold, with ~4,000 mentions of "وكالة أنباء …" of which one in
# 25 names a source in full, then a related-articles list; the script prints the exact counts), in
# that order:
#   - POST /v1/articles/import?dryRun=true, then the real import (?url=…), each timed by curl and cut
#     off after <max-seconds>;
#   - while each import runs, POST /v1/claims one after another, each timed by curl.
# Prints each import's status and time, and the claim writes' count, median and maximum during it
# (and, first, the same for claim writes with nothing else running).
set -euo pipefail
cd "$(dirname "$0")/.."

sources=${1:-100000}
limit=${2:-120}
port=${PORT:-5197}
base="http://127.0.0.1:$port"
key="bench-admin-key-$(date +%s%N)"

out=$(mktemp -d)
server=0
trap 'kill $server 2>/dev/null; rm -rf "$out"' EXIT
bash .ci/publish "$out/app" >/dev/null

source benchmarks/serve.sh
serve "$out/app" "$out/bench.db" "$base" "$out/server.log" CREDIBILITY_ADMIN_KEY="$key"

python3 - "$sources" "$out" <<'PY'
import json, random, sys
count, out = int(sys.argv[1]), sys.argv[2]
rng = random.Random(14)
words = ["الشرق", "الغرب", "الشمال", "الجنوب", "العربية", "الدولية", "الوطنية", "المستقلة", "الحرة", "الجديدة",
         "الأولى", "الكبرى", "الموحدة", "الشعبية", "الرسمية", "الخاصة", "المحلية", "الإقليمية", "العالمية", "اليومية",
         "المسائية", "الصباحية", "السريعة", "الموثوقة", "الحديثة"]
names = []
with open(f"{out}/sources.ndjson", "w", encoding="utf-8") as f:
    for i in range(count):
        a, b, n = words[i % 25], words[(i // 25) % 25], i // 625 + 1
        name = f"وكالة أنباء {a} {b} {n}"
        names.append(name)
        f.write(json.dumps({"entity": "source", "data": {"name": name, "kind": "outlet"}}, ensure_ascii=False) + "\n")
cited = rng.sample(names, min(400, count))
filler = "وقال مسؤول في الوزارة إن الاجتماع سيعقد الأسبوع المقبل لبحث الملفات العالقة بين الطرفين."

def page(size_bytes, max_body_chars):
    head = "المفاوضات تستأنف الأسبوع المقبل - موقع الأخبار\n\nبقلم: سارة الأحمد\n"
    body, length, i = [], 0, 0
    while True:
        if i % 25 == 0 and i // 25 < len(cited):
            sentence = f"ونقلت {cited[i // 25]} عن مصدر أن الوفد وصل. "
        else:
            sentence = f"وذكرت وكالة أنباء {words[i % 25]} {words[(i * 7) % 25]} أن {filler} "
        if len((head + "".join(body) + sentence).encode()) > size_bytes - 200 or length + len(sentence) > max_body_chars:
            break
        body.append(sentence)
        length += len(sentence)
        i += 1
    text = head + "".join(body).strip() + "\n\nمقالات ذات صلة\n"
    related = "الاجتماع المقبل بين الطرفين في العاصمة\n"
    while len((text + related).encode()) <= size_bytes:
        text += related
    text += "x" * (size_bytes - len(text.encode()))
    return text, i, min(i // 25 + 1, len(cited)), length

for name, size in (("4k", 4096), ("1m", 1048576)):
    text, mentions, full, length = page(size, 490000)
    with open(f"{out}/page-{name}.txt", "w", encoding="utf-8") as f:
        f.write(text)
    print(f"page {name}: {len(text.encode())} bytes, body {length} characters, {mentions} mentions, {full} naming a source in full")
PY

auth=(-H "Authorization: Bearer $key")
seed_time=$(curl -fs -o "$out/seed.json" -w '%{time_total}' "${auth[@]}" -H 'Content-Type: application/x-ndjson' \
  --data-binary "@$out/sources.ndjson" "$base/v1/imports/ndjson")
echo "seeded: $(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["accepted"])' "$out/seed.json") sources in ${seed_time}s"
speaker=$(curl -fs "${auth[@]}" -H 'Content-Type: application/json' --data '{"name":"Benchmark speaker","kind":"person"}' \
  "$base/v1/sources" | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
# The first lookup loads the name index (outside any timed request).
curl -fs -o /dev/null "$base/v1/sources/resolve?name=x"

claims() { # file: POST /v1/claims until $out/stop exists, one time per line
  local i=0
  while [ ! -e "$out/stop" ]; do
    i=$((i + 1))
    curl -fs -o /dev/null -w '%{time_total}\n' "${auth[@]}" -H 'Content-Type: application/json' \
      --data "{\"text\":\"Benchmark claim $i $RANDOM\",\"speakerId\":$speaker,\"stance\":\"asserts\"}" \
      "$base/v1/claims" >>"$1" || echo "failed" >>"$1"
  done
}

summary() { # file -> "n=… median=…s max=…s failed=…"
  local failed
  failed=$(grep -c failed "$1" || true)
  grep -v failed "$1" | sort -g | awk -v failed="$failed" \
    '{ v[NR] = $1 } END { printf "n=%d median=%.3fs max=%.3fs failed=%d", NR, v[int((NR + 1) / 2)], v[NR], failed }'
}

# Claim writes with nothing else running, for comparison (also warms them up).
rm -f "$out/stop"; claims "$out/idle" & writer=$!
sleep 5; touch "$out/stop"; wait $writer
echo "claim writes, idle: $(summary "$out/idle")"

run() { # name, page, query
  local name=$1 page=$2 query=$3
  rm -f "$out/stop" "$out/during"
  claims "$out/during" & writer=$!
  sleep 0.5
  local result
  result=$(curl -s -o "$out/answer.json" -w '%{http_code} %{time_total}' --max-time "$limit" "${auth[@]}" \
    -H 'Content-Type: text/plain; charset=utf-8' --data-binary "@$page" "$base/v1/articles/import?$query") || result="cut-off after ${limit}s"
  touch "$out/stop"; wait $writer
  local citations
  citations=$(python3 -c 'import json,sys
try: print(len(json.load(open(sys.argv[1])).get("citations", [])))
except Exception: print("-")' "$out/answer.json" 2>/dev/null || echo "-")
  printf '%-22s %-28s citations=%-4s claim writes meanwhile: %s\n' "$name" "$result" "$citations" "$(summary "$out/during")"
  rm -f "$out/answer.json"
}

echo "import (status seconds), $sources alike sources, cut off after ${limit}s:"
run "4 kB dry run" "$out/page-4k.txt" "dryRun=true"
run "4 kB import" "$out/page-4k.txt" "url=https://example.org/bench/4k-$$"
run "1 MB dry run" "$out/page-1m.txt" "dryRun=true"
run "1 MB import" "$out/page-1m.txt" "url=https://example.org/bench/1m-$$"
echo "server peak memory (VmHWM): $(($(awk '/VmHWM/ {print $2}' "/proc/$server/status") / 1024)) MB"
