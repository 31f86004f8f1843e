// Imported first by main.tsx: marks when the app's script starts to evaluate, so the time the app
// itself takes to its first rows (script start -> rows painted) can be read apart from what the
// browser takes to start a page (navigation -> script start), which the app cannot change.
performance.mark('smsdesk:script-start');
