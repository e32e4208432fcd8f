'use strict';
// Test helpers shared by the GitHub Action and Azure task tests: the real perfgate CLI, temp
// folders with C# sources that PerfGate flags, and git.

const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawnSync } = require('child_process');

const repoRoot = path.resolve(__dirname, '..', '..');

/** The perfgate command: PERFGATE_CLI (set by tests/PerfGate.Integrations.Tests), else the repo's build output. */
function perfgateCommand() {
  if (process.env.PERFGATE_CLI) return process.env.PERFGATE_CLI;
  for (const configuration of ['Release', 'Debug']) {
    const candidate = path.join(repoRoot, 'src', 'PerfGate.Cli', 'bin', configuration, 'net10.0', 'perfgate');
    if (fs.existsSync(candidate)) return candidate;
  }
  throw new Error('perfgate is not built: run `dotnet build src/PerfGate.Cli` or set PERFGATE_CLI');
}

function tempDir(prefix = 'perfgate-js-') {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

function write(root, relative, text) {
  const file = path.join(root, relative);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  return file;
}

const CONTEXT = `using Microsoft.EntityFrameworkCore;

namespace Shop;

public sealed class Order { public int Id { get; set; } public int CustomerId { get; set; } }
public sealed class Customer { public int Id { get; set; } public string Name { get; set; } = ""; }

public sealed class ShopContext(DbContextOptions<ShopContext> options) : DbContext(options)
{
    public DbSet<Order> Orders => Set<Order>();
    public DbSet<Customer> Customers => Set<Customer>();
}
`;

/**
 * PG1001 is a warning by default; the tests' policy makes it an error and raises PG2002 (a note by default) to a warning. Nothing in the fixtures calls
 * their code, so its findings are of unknown reach, notes by default: the policy reports them at the rule's level.
 */
const POLICY = 'version: 1\nfailOn: error\nrules:\n  PG1001: error\n  PG2002: warning\nreach:\n  unknown: report\n';

/** A class with `count` N+1 loops (PG1001, one per method). */
function nPlusOne(className, count) {
  let methods = '';
  for (let i = 0; i < count; i++) {
    methods += `
    public async Task<List<string>> Names${i}Async(IReadOnlyList<Order> orders)
    {
        var names = new List<string>();
        foreach (var order in orders)
        {
            var customer = await db.Customers.FirstAsync(c => c.Id == order.CustomerId);
            names.Add(customer.Name);
        }
        return names;
    }
`;
  }
  return `using Microsoft.EntityFrameworkCore;

namespace Shop;

public sealed class ${className}(ShopContext db)
{${methods}}
`;
}

const PER_CALL_CLIENT = `namespace Shop;

public static class Rates
{
    public static async Task<string> GetAsync(string currency)
    {
        using var client = new HttpClient();
        return await client.GetStringAsync("https://rates.example/" + currency);
    }
}
`;

function git(cwd, ...args) {
  const run = spawnSync('git', args, { cwd, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`git ${args.join(' ')} failed: ${run.stderr}`);
  return run.stdout.trim();
}

function gitRepo(root) {
  git(root, 'init', '-q', '-b', 'main');
  git(root, 'config', 'user.email', 'test@example.com');
  git(root, 'config', 'user.name', 'test');
  git(root, 'config', 'commit.gpgsign', 'false');
}

function commitAll(root, message) {
  git(root, 'add', '-A');
  git(root, 'commit', '-q', '-m', message);
  return git(root, 'rev-parse', 'HEAD');
}

/** Runs perfgate for real and returns the SARIF path it wrote. */
function scanToSarif(folder, extraArgs = []) {
  const sarif = path.join(tempDir('perfgate-sarif-'), 'perfgate.sarif');
  const run = spawnSync(perfgateCommand(), ['scan', folder, '--sources', '--format', 'sarif', '--output', sarif, '--quiet', ...extraArgs], { encoding: 'utf8' });
  if (run.status !== 0 && run.status !== 1) throw new Error(`perfgate failed (${run.status}): ${run.stderr}`);
  return sarif;
}

module.exports = { POLICY, repoRoot, perfgateCommand, tempDir, write, CONTEXT, nPlusOne, PER_CALL_CLIENT, git, gitRepo, commitAll, scanToSarif };
