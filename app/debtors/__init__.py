"""Debtor work (претензионно-исковая работа): debtor lists by criteria, repayment agreements
followed by payments, court cases by stage, notices and warnings with their delivery."""
