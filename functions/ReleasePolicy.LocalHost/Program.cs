// Placeholder replaced by the local host entry point.
return 0;
