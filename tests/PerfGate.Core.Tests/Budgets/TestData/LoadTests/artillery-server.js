const http = require('http');
let n = 0;
http.createServer((req, res) => {
  n++;
  const fail = req.url.startsWith('/orders') && n % 13 === 0;
  setTimeout(() => { res.writeHead(fail ? 500 : 200, {'content-type':'application/json'}); res.end('{"ok":true}'); }, 5 + (n % 7) * 3);
}).listen(18089, '127.0.0.1');
