/// Common English given-name variants (nicknames and short forms), as normalised names: a pair
/// of given names that are variants of one name is a comparison level of its own, weaker than an
/// exact match but stronger than spelling alone would suggest ("elizabeth" and "beth" are far
/// apart by Jaro–Winkler). Names are grouped: any two names of one group are variants.
enum Nicknames {
    static let groups: [[String]] = [
        ["elizabeth", "beth", "lizzie", "lizzy", "liz", "eliza", "betty", "libby", "ellie", "elsie", "bess"],
        ["william", "will", "billy", "bill", "liam", "willie", "willy"],
        ["alexander", "alex", "alec", "sandy", "xander", "lex"],
        ["alexandra", "alex", "lexi", "lexie", "sasha", "sandra"],
        ["mohammed", "mohammad", "muhammad", "muhammed", "mohamed", "mohamad", "mohammod"],
        ["katherine", "catherine", "kathryn", "kate", "katie", "kitty", "cathy", "kathy", "cat"],
        ["margaret", "maggie", "meg", "peggy", "daisy", "greta"],
        ["thomas", "tom", "tommy"],
        ["james", "jamie", "jim", "jimmy"],
        ["jacob", "jake", "jakob"],
        ["joseph", "joe", "joey", "jo"],
        ["benjamin", "ben", "benji", "benny"],
        ["samuel", "sam", "sammy"],
        ["samantha", "sam", "sammy"],
        ["daniel", "dan", "danny"],
        ["matthew", "matt", "matty"],
        ["michael", "mike", "mikey", "mick"],
        ["christopher", "chris", "kit"],
        ["nicholas", "nick", "nicky"],
        ["robert", "rob", "robbie", "bob", "bobby", "bert"],
        ["richard", "rich", "richie", "dick"],
        ["edward", "ed", "eddie", "ted", "teddy", "teddie", "ned"],
        ["henry", "harry", "hal", "hank"],
        ["frederick", "freddie", "freddy", "fred"],
        ["theodore", "theo", "ted", "teddy"],
        ["archibald", "archie"],
        ["oliver", "ollie", "olly"],
        ["olivia", "liv", "livvy", "ollie"],
        ["isabella", "isabelle", "isobel", "isabel", "bella", "izzy", "issy", "belle"],
        ["amelia", "millie", "milly", "amy", "mia"],
        ["emily", "em", "emmy", "millie"],
        ["charlotte", "lottie", "charlie", "lotte"],
        ["charles", "charlie", "chas", "chuck"],
        ["florence", "flo", "flossie", "florrie"],
        ["matilda", "tilly", "tillie", "mattie"],
        ["penelope", "penny", "poppy"],
        ["victoria", "vicky", "tori", "vic"],
        ["rebecca", "becky", "becca"],
        ["jessica", "jess", "jessie"],
        ["abigail", "abby", "abbie", "gail"],
        ["gabriel", "gabe"],
        ["gabriella", "gabrielle", "gabby", "ella"],
        ["eleanor", "elinor", "ellie", "nell", "nellie", "elle"],
        ["sophia", "sophie", "soph", "sofia", "sofie"],
        ["josephine", "josie", "jo"],
        ["anthony", "tony", "ant"],
        ["stephen", "steven", "steve", "stevie"],
        ["jonathan", "jon", "jonny", "johnny"],
        ["john", "jack", "johnny", "jonny"],
        ["david", "dave", "davy", "dai"],
        ["ieuan", "iwan", "evan"],
        ["sean", "shaun", "shawn"],
        ["niamh", "neve", "neave", "nieve"],
        ["siobhan", "shevaun", "chevonne"],
        ["aoife", "eva", "efa"],
        ["aidan", "aiden", "aden", "ayden"],
        ["leo", "leon", "leonardo", "leonard"],
        ["zachary", "zach", "zack", "zac"],
        ["nathaniel", "nathan", "nate", "nat"],
        ["maximilian", "max", "maxi"],
        ["maxwell", "max"],
        ["frances", "fran", "frankie"],
        ["francis", "frank", "frankie"],
        ["grace", "gracie"],
        ["evelyn", "evie", "eve"],
        ["harriet", "hattie", "harry"],
        ["louis", "lewis", "lou"],
        ["louise", "lou", "lulu"],
        ["susan", "sue", "susie", "suzie"],
        ["elena", "ellie", "lena"],
        ["aleksander", "olek", "aleks", "alek", "alex"],
        ["zuzanna", "zuzia"],
        ["joshua", "josh"],
        ["sebastian", "seb", "sebby"],
        ["alfred", "alfie", "alf"],
        ["tobias", "toby"],
        ["reginald", "reggie", "reg"],
        ["stanley", "stan"],
        ["ronald", "ronnie", "ron"],
        ["imogen", "immy"],
        ["rhiannon", "rhi"],
        ["gruffydd", "gruff", "gruffudd"],
        ["stanislaw", "stas", "stasiu"],
        ["genevieve", "evie", "gen"],
        ["annabelle", "annabel", "annie", "bella"],
        ["francesca", "frankie", "fran", "chessie"],
        ["winifred", "winnie"],
        ["dominic", "dom"],
        ["raphael", "rafe", "rafael"],
        ["elliot", "elliott", "eliot"],
        ["isabelle", "isabel", "isobel", "izzy"],
        ["emilia", "millie", "emily"],
        ["nathan", "nate"],
    ]

    /// For each name, the indices of the groups it belongs to.
    static let index: [String: [Int]] = {
        var index: [String: [Int]] = [:]
        for (group, names) in groups.enumerated() {
            for name in names { index[name, default: []].append(group) }
        }
        return index
    }()

    /// Whether two different names are variants of one name (each name's first token is looked up).
    static func areVariants(_ a: String, _ b: String) -> Bool {
        let first = { (name: String) in name.split(separator: " ", maxSplits: 1).first.map(String.init) ?? name }
        guard let groupsA = index[first(a)], let groupsB = index[first(b)] else { return false }
        return groupsA.contains { groupsB.contains($0) }
    }
}
