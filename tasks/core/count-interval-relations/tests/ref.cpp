#include <bits/stdc++.h>
using namespace std;
struct BIT{int n;vector<int>t;BIT(int n):n(n),t(n+1,0){} void add(int i){for(;i<=n;i+=i&-i)t[i]++;} int sum(int i){int s=0;for(;i>0;i-=i&-i)s+=t[i];return s;}};
int main(){int n,q;if(scanf("%d %d",&n,&q)!=2)return 0;vector<long long>L(n),R(n);for(int i=0;i<n;i++)scanf("%lld %lld",&L[i],&R[i]);
 vector<char>K(q);vector<long long>X(q),Y(q);for(int j=0;j<q;j++){char s[4];scanf("%s %lld %lld",s,&X[j],&Y[j]);K[j]=s[0];}
 vector<long long>rs(R.begin(),R.end());sort(rs.begin(),rs.end());rs.erase(unique(rs.begin(),rs.end()),rs.end());int m=rs.size();
 vector<long long>sl(L),sr(R);sort(sl.begin(),sl.end());sort(sr.begin(),sr.end());
 vector<int>ord(n);iota(ord.begin(),ord.end(),0);sort(ord.begin(),ord.end(),[&](int a,int b){return L[a]<L[b];});
 vector<long long>ans(q);vector<int>cq,sq;
 for(int j=0;j<q;j++){ if(K[j]=='O'){ ans[j]=n-(lower_bound(sr.begin(),sr.end(),X[j])-sr.begin())-(sl.end()-upper_bound(sl.begin(),sl.end(),Y[j])); } else if(K[j]=='C') cq.push_back(j); else sq.push_back(j);}
 auto rk=[&](long long v){return int(lower_bound(rs.begin(),rs.end(),v)-rs.begin())+1;};
 {BIT b(m);sort(cq.begin(),cq.end(),[&](int a,int c){return X[a]>X[c];});int p=n-1;
  for(int j:cq){while(p>=0&&L[ord[p]]>=X[j]){b.add(rk(R[ord[p]]));p--;} ans[j]=b.sum(int(upper_bound(rs.begin(),rs.end(),Y[j])-rs.begin()));}}
 {BIT b(m);sort(sq.begin(),sq.end(),[&](int a,int c){return X[a]<X[c];});int p=0,ins=0;
  for(int j:sq){while(p<n&&L[ord[p]]<=X[j]){b.add(rk(R[ord[p]]));p++;ins++;} ans[j]=ins-b.sum(int(lower_bound(rs.begin(),rs.end(),Y[j])-rs.begin()));}}
 string out;for(auto a:ans){out+=to_string(a);out+='\n';}fputs(out.c_str(),stdout);}
