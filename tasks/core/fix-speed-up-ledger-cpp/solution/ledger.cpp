// ledger (fixed and indexed): answers balance / spending / duplicate queries over a CSV.
//
//   ledger DATA.csv QUERIES.txt
//
// Fixes: quoted memo fields ("" escapes, commas), CRLF line ends, 64-bit balances, TOP's
// inclusive window end and name tie-break, case-insensitive MEMO words, duplicate days in
// STREAK. Speed: everything is indexed once (per-account and per-category time-sorted prefix
// sums, per-account debit prefix sums, amount groups for DUP, an inverted index for MEMO).
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>
#include <unordered_map>
#include <vector>

using namespace std;

struct Series {  // (ts, amount) sorted by ts, with prefix sums
  vector<int64_t> ts;
  vector<int64_t> prefix;  // prefix[i] = sum of the first i amounts
  vector<pair<int64_t, int64_t>> raw;
  void build() {
    sort(raw.begin(), raw.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    ts.resize(raw.size());
    prefix.assign(raw.size() + 1, 0);
    for (size_t i = 0; i < raw.size(); i++) {
      ts[i] = raw[i].first;
      prefix[i + 1] = prefix[i] + raw[i].second;
    }
    raw.clear();
    raw.shrink_to_fit();
  }
  int64_t upTo(int64_t t) const {  // sum with ts <= t
    return prefix[upper_bound(ts.begin(), ts.end(), t) - ts.begin()];
  }
  int64_t window(int64_t t1, int64_t t2) const {
    if (t1 > t2) return 0;
    size_t a = lower_bound(ts.begin(), ts.end(), t1) - ts.begin();
    size_t b = upper_bound(ts.begin(), ts.end(), t2) - ts.begin();
    return prefix[b] - prefix[a];
  }
};

struct Account {
  string name;
  Series all, debits;
  unordered_map<int64_t, vector<int64_t>> byAmount;
  vector<int64_t> debitDays;
  int64_t streak = -1;
  bool hasDebit = false;
};

static unordered_map<string, int> accountIds;
static vector<Account> accounts;
static unordered_map<string, Series> categories;
static unordered_map<string, vector<int64_t>> memoIndex;

static bool readLine(const string& data, size_t& pos, string& line) {
  if (pos >= data.size()) return false;
  size_t e = data.find('\n', pos);
  if (e == string::npos) e = data.size();
  line.assign(data, pos, e - pos);
  if (!line.empty() && line.back() == '\r') line.pop_back();
  pos = e + 1;
  return true;
}

static bool parseRow(const string& line, string f[5]) {
  size_t i = 0, n = line.size();
  for (int k = 0; k < 5; k++) {
    f[k].clear();
    if (i < n && line[i] == '"') {
      i++;
      while (i < n) {
        if (line[i] == '"') {
          if (i + 1 < n && line[i + 1] == '"') { f[k] += '"'; i += 2; continue; }
          i++;
          break;
        }
        f[k] += line[i++];
      }
      while (i < n && line[i] != ',') i++;
    } else {
      size_t e = line.find(',', i);
      if (e == string::npos) e = n;
      f[k].assign(line, i, e - i);
      i = e;
    }
    if (k < 4) {
      if (i >= n) return false;
      i++;  // the comma
    }
  }
  return true;
}

static void addWords(const string& memo, int64_t ts) {
  vector<string> seen;
  string cur;
  for (size_t i = 0; i <= memo.size(); i++) {
    unsigned char c = i < memo.size() ? memo[i] : ' ';
    if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z')) cur += (char)c;
    else if (c >= 'A' && c <= 'Z') cur += (char)(c + 32);
    else if (!cur.empty()) {
      if (find(seen.begin(), seen.end(), cur) == seen.end()) {
        memoIndex[cur].push_back(ts);
        seen.push_back(cur);
      }
      cur.clear();
    }
  }
}

static void load(const char* path) {
  ifstream in(path, ios::binary);
  stringstream ss;
  ss << in.rdbuf();
  string data = ss.str();
  size_t pos = 0;
  string line, f[5];
  bool header = true;
  while (readLine(data, pos, line)) {
    if (header) { header = false; continue; }
    if (line.empty()) continue;
    if (!parseRow(line, f)) continue;
    int64_t ts = strtoll(f[1].c_str(), nullptr, 10);
    int64_t amount = strtoll(f[3].c_str(), nullptr, 10);
    auto it = accountIds.find(f[0]);
    int id;
    if (it == accountIds.end()) {
      id = (int)accounts.size();
      accountIds.emplace(f[0], id);
      accounts.emplace_back();
      accounts.back().name = f[0];
    } else {
      id = it->second;
    }
    Account& a = accounts[id];
    a.all.raw.emplace_back(ts, amount);
    if (amount < 0) {
      a.debits.raw.emplace_back(ts, -amount);
      a.debitDays.push_back(ts / 86400);
      a.hasDebit = true;
    }
    a.byAmount[amount].push_back(ts);
    categories[f[4]].raw.emplace_back(ts, amount);
    addWords(f[2], ts);
  }
  for (auto& a : accounts) {
    a.all.build();
    a.debits.build();
    for (auto& kv : a.byAmount) sort(kv.second.begin(), kv.second.end());
  }
  for (auto& kv : categories) kv.second.build();
  for (auto& kv : memoIndex) sort(kv.second.begin(), kv.second.end());
}

static Account* findAccount(const string& name) {
  auto it = accountIds.find(name);
  return it == accountIds.end() ? nullptr : &accounts[it->second];
}

int main(int argc, char** argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: ledger DATA.csv QUERIES.txt\n");
    return 2;
  }
  load(argv[1]);
  ifstream qin(argv[2], ios::binary);
  stringstream qs;
  qs << qin.rdbuf();
  string qdata = qs.str();
  size_t pos = 0;
  string line, out;
  vector<int> order;
  vector<int64_t> spend(accounts.size());
  while (readLine(qdata, pos, line)) {
    istringstream ss(line);
    string cmd;
    ss >> cmd;
    if (cmd == "BAL") {
      string name;
      int64_t t;
      ss >> name >> t;
      Account* a = findAccount(name);
      out += to_string(a ? a->all.upTo(t) : 0);
    } else if (cmd == "TOP") {
      int64_t k, t1, t2;
      ss >> k >> t1 >> t2;
      order.clear();
      for (size_t i = 0; i < accounts.size(); i++) {
        spend[i] = accounts[i].debits.window(t1, t2);
        if (spend[i] > 0) order.push_back((int)i);
      }
      auto better = [&](int x, int y) {
        if (spend[x] != spend[y]) return spend[x] > spend[y];
        return accounts[x].name < accounts[y].name;
      };
      size_t take = min<size_t>(order.size(), k < 0 ? 0 : (size_t)k);
      partial_sort(order.begin(), order.begin() + take, order.end(), better);
      if (take == 0) out += "-";
      for (size_t i = 0; i < take; i++) {
        if (i) out += ' ';
        out += accounts[order[i]].name + ":" + to_string(spend[order[i]]);
      }
    } else if (cmd == "CAT") {
      string cat;
      int64_t t1, t2;
      ss >> cat >> t1 >> t2;
      auto it = categories.find(cat);
      out += to_string(it == categories.end() ? 0 : it->second.window(t1, t2));
    } else if (cmd == "DUP") {
      string name;
      int64_t w;
      ss >> name >> w;
      Account* a = findAccount(name);
      int64_t pairs = 0;
      if (a) {
        for (auto& kv : a->byAmount) {
          const vector<int64_t>& v = kv.second;
          size_t lo = 0;
          for (size_t hi = 0; hi < v.size(); hi++) {
            while (v[hi] - v[lo] > w) lo++;
            pairs += (int64_t)(hi - lo);
          }
        }
      }
      out += to_string(pairs);
    } else if (cmd == "MEMO") {
      string word;
      int64_t t1, t2;
      ss >> word >> t1 >> t2;
      for (auto& c : word) if (c >= 'A' && c <= 'Z') c += 32;
      auto it = memoIndex.find(word);
      int64_t count = 0;
      if (it != memoIndex.end() && t1 <= t2) {
        const auto& v = it->second;
        count = (upper_bound(v.begin(), v.end(), t2) - lower_bound(v.begin(), v.end(), t1));
      }
      out += to_string(count);
    } else if (cmd == "STREAK") {
      string name;
      ss >> name;
      Account* a = findAccount(name);
      int64_t best = 0;
      if (a) {
        if (a->streak < 0) {
          vector<int64_t> d = a->debitDays;
          sort(d.begin(), d.end());
          d.erase(unique(d.begin(), d.end()), d.end());
          int64_t run = 0, b = 0;
          for (size_t i = 0; i < d.size(); i++) {
            run = (i > 0 && d[i] == d[i - 1] + 1) ? run + 1 : 1;
            b = max(b, run);
          }
          a->streak = b;
        }
        best = a->streak;
      }
      out += to_string(best);
    } else {
      continue;
    }
    out += '\n';
  }
  fwrite(out.data(), 1, out.size(), stdout);
  return 0;
}
