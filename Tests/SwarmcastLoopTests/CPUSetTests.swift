import SwarmcastLoop
import Testing

struct CPUSetTests {
    @Test func parsesListsAsTasksetDoes() throws {
        #expect(try CPUSet(parsing: "0").cores == [0])
        #expect(try CPUSet(parsing: "1-3").cores == [1, 2, 3])
        #expect(try CPUSet(parsing: "3,0-1,1").cores == [0, 1, 3])
        #expect(try CPUSet(parsing: "0,2-3").description == "0,2,3")
    }

    @Test(arguments: ["", "x", "1-", "-1", "3-1", "0,,1", "1024", "0-2000", "1 "])
    func refusesWhatIsNotACPUList(text: String) {
        #expect(throws: LoopError.badCPUList(text)) { try CPUSet(parsing: text) }
    }

    /// Applying the set this process already has changes nothing and reads back the same.
    @Test func appliesAndReadsBackTheCurrentSet() throws {
        let current = try #require(CPUSet.current())
        #expect(!current.cores.isEmpty)
        try current.apply()
        #expect(CPUSet.current() == current)
    }
}
