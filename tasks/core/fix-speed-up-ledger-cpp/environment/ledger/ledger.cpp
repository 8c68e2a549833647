// ledger: answers balance / spending / duplicate queries over a transaction CSV.
//
//   ledger DATA.csv QUERIES.txt
//
// See /app/README.md for the input formats and what each query must print.
#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

using namespace std;

struct Txn {
  string account;
  long ts;
  string memo;
  long amount;
  string category;
};

// Splits one CSV line into fields.
static vector<string> splitCsv(const string& line) {
  vector<string> fields;
  string cur;
  for (size_t i = 0; i < line.size(); i++) {
    if (line[i] == ',') {
      fields.push_back(cur);
      cur = "";
    } else {
      cur += line[i];
    }
  }
  fields.push_back(cur);
  return fields;
}

static vector<Txn> loadTxns(const string& path) {
  vector<Txn> txns;
  ifstream in(path);
  string line;
  bool header = true;
  while (getline(in, line)) {
    if (header) {
      header = false;
      continue;
    }
    if (line.empty()) continue;
    vector<string> f = splitCsv(line);
    if (f.size() < 5) continue;
    Txn t;
    t.account = f[0];
    t.ts = atol(f[1].c_str());
    t.memo = f[2];
    t.amount = atol(f[3].c_str());
    t.category = f[4];
    txns.push_back(t);
  }
  return txns;
}

// BAL account t: balance of the account counting transactions with ts <= t.
static string queryBalance(vector<Txn> txns, const string& account, long t) {
  int total = 0;
  for (size_t i = 0; i < txns.size(); i++) {
    if (txns[i].account == account && txns[i].ts <= t) total += txns[i].amount;
  }
  return to_string(total);
}

// TOP k t1 t2: the k accounts that spent most in [t1, t2].
static string queryTop(vector<Txn> txns, int k, long t1, long t2) {
  map<string, long> spend;
  for (size_t i = 0; i < txns.size(); i++) {
    if (txns[i].ts >= t1 && txns[i].ts < t2 && txns[i].amount < 0) {
      spend[txns[i].account] += -txns[i].amount;
    }
  }
  vector<pair<string, long>> rows(spend.begin(), spend.end());
  sort(rows.begin(), rows.end(), [](const pair<string, long>& a, const pair<string, long>& b) {
    return a.second > b.second;
  });
  string out;
  for (int i = 0; i < k && i < (int)rows.size(); i++) {
    if (!out.empty()) out += " ";
    out += rows[i].first + ":" + to_string(rows[i].second);
  }
  return out.empty() ? "-" : out;
}

// CAT category t1 t2: net amount of the category in [t1, t2].
static string queryCategory(vector<Txn> txns, const string& category, long t1, long t2) {
  long total = 0;
  for (size_t i = 0; i < txns.size(); i++) {
    if (txns[i].category == category && txns[i].ts >= t1 && txns[i].ts <= t2) total += txns[i].amount;
  }
  return to_string(total);
}

// DUP account w: pairs of the account's transactions with equal amounts at most w seconds apart.
static string queryDuplicates(vector<Txn> txns, const string& account, long w) {
  vector<Txn> mine;
  for (size_t i = 0; i < txns.size(); i++) {
    if (txns[i].account == account) mine.push_back(txns[i]);
  }
  long pairs = 0;
  for (size_t i = 0; i < mine.size(); i++) {
    for (size_t j = i + 1; j < mine.size(); j++) {
      long d = mine[i].ts - mine[j].ts;
      if (d < 0) d = -d;
      if (mine[i].amount == mine[j].amount && d <= w) pairs++;
    }
  }
  return to_string(pairs);
}

// Lower-cased words of a memo: maximal runs of ASCII letters and digits.
static vector<string> memoWords(const string& memo) {
  vector<string> words;
  string cur;
  for (size_t i = 0; i <= memo.size(); i++) {
    char c = i < memo.size() ? memo[i] : ' ';
    if (isalnum((unsigned char)c)) {
      cur += (char)tolower((unsigned char)c);
    } else if (!cur.empty()) {
      words.push_back(cur);
      cur = "";
    }
  }
  return words;
}

// MEMO word t1 t2: transactions in [t1, t2] whose memo contains the word (any case).
static string queryMemo(vector<Txn> txns, const string& word, long t1, long t2) {
  long count = 0;
  for (size_t i = 0; i < txns.size(); i++) {
    if (txns[i].ts < t1 || txns[i].ts > t2) continue;
    vector<string> words = memoWords(txns[i].memo);
    for (size_t j = 0; j < words.size(); j++) {
      if (words[j] == word) {
        count++;
        break;
      }
    }
  }
  return to_string(count);
}

// STREAK account: longest run of consecutive days with at least one debit of the account.
static string queryStreak(vector<Txn> txns, const string& account) {
  vector<long> days;
  for (size_t i = 0; i < txns.size(); i++) {
    if (txns[i].account == account && txns[i].amount < 0) days.push_back(txns[i].ts / 86400);
  }
  sort(days.begin(), days.end());
  long best = 0, run = 0;
  for (size_t i = 0; i < days.size(); i++) {
    if (i > 0 && days[i] == days[i - 1] + 1) {
      run++;
    } else {
      run = 1;
    }
    best = max(best, run);
  }
  return to_string(best);
}

int main(int argc, char** argv) {
  if (argc != 3) {
    cerr << "usage: ledger DATA.csv QUERIES.txt" << endl;
    return 2;
  }
  vector<Txn> txns = loadTxns(argv[1]);
  ifstream q(argv[2]);
  string line;
  while (getline(q, line)) {
    istringstream ss(line);
    string cmd;
    ss >> cmd;
    if (cmd == "BAL") {
      string account;
      long t;
      ss >> account >> t;
      cout << queryBalance(txns, account, t) << endl;
    } else if (cmd == "TOP") {
      int k;
      long t1, t2;
      ss >> k >> t1 >> t2;
      cout << queryTop(txns, k, t1, t2) << endl;
    } else if (cmd == "CAT") {
      string category;
      long t1, t2;
      ss >> category >> t1 >> t2;
      cout << queryCategory(txns, category, t1, t2) << endl;
    } else if (cmd == "DUP") {
      string account;
      long w;
      ss >> account >> w;
      cout << queryDuplicates(txns, account, w) << endl;
    } else if (cmd == "MEMO") {
      string word;
      long t1, t2;
      ss >> word >> t1 >> t2;
      cout << queryMemo(txns, word, t1, t2) << endl;
    } else if (cmd == "STREAK") {
      string account;
      ss >> account;
      cout << queryStreak(txns, account) << endl;
    }
  }
  return 0;
}
