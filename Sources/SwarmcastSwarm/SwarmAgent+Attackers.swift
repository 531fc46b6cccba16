import SwarmcastScenario

/// The agent's hostile clients: attacker `n` (global, per attack) is due at start + n / rate
/// and runs on the agent whose stripe holds `n`, seeded by (seed, attack, n), so a sharded
/// swarm attacks exactly as one process would.
extension SwarmAgent {
    /// Each attack ramps at its rate to its count from its start time: attacker `n` (global) is
    /// due at start + n / rate, and this agent starts those of its stripe.
    func startDueAttackers(at t: Double) {
        if attackers.isEmpty { attackers = Array(repeating: [], count: plan.attacks.count) }
        for (i, attack) in plan.attacks.enumerated() where t >= attack.startSeconds {
            let due = stripe.share(of: min(attack.count, Int((t - attack.startSeconds) * attack.rate) + 1))
            while attackers[i].count < due {
                let k = attackers[i].count
                let n = stripe.global(k)
                let attacker = AttackClient(kind: attack.kind, agent: self, seed: planner.attackerSeed(attack: i, n))
                attacker.start(loop: loop, server: servers[n % servers.count], source: sources.isEmpty ? nil : sources[(k + 3) % sources.count])
                attackers[i].append(attacker)
            }
        }
    }
}
