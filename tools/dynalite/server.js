// Starts dynalite in memory on a free loopback port and prints "listening <port>" once it accepts
// connections. It exits when its standard input closes, so it never outlives the test JVM that started it.
const dynalite = require('dynalite')

const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 })
server.listen(0, '127.0.0.1', () => {
  console.log('listening ' + server.address().port)
})
process.stdin.on('end', () => process.exit(0))
process.stdin.on('error', () => process.exit(0))
process.stdin.resume()
