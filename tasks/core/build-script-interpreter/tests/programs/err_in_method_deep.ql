class Account {
  init(balance) { this.balance = balance; }
  withdraw(n) {
    if (n > this.balance) return nil + 1;
    this.balance = this.balance - n;
    return this.balance;
  }
}
var acct = Account(100);
print acct.withdraw(30);
print acct.withdraw(50);
print acct.withdraw(50);
