"""Reports: tables computed from the ledger for a range of periods and a filter, shown in the
window, printed and exported to XLSX. Every total reconciles with the ledger to the kopeck."""
