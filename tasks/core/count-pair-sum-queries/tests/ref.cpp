#include <bits/stdc++.h>
using namespace std;
int main(){int n,q; if(scanf("%d %d",&n,&q)!=2) return 0; vector<long long>a(n); for(auto&x:a) scanf("%lld",&x);
 sort(a.begin(),a.end()); vector<long long> v; vector<long long> c;
 for(int i=0;i<n;){int j=i; while(j<n&&a[j]==a[i]) j++; v.push_back(a[i]); c.push_back(j-i); i=j;}
 int m=v.size();
 while(q--){long long t; scanf("%lld",&t); long long ans=0; int i=0,j=m-1;
  while(i<=j){long long s=v[i]+v[j]; if(s<t) i++; else if(s>t) j--; else { if(i==j) ans+=c[i]*(c[i]-1)/2; else ans+=c[i]*c[j]; i++; j--; }}
  printf("%lld\n",ans);}
}
