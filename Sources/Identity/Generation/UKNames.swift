extension SyntheticPopulation {
    /// The cultural background a household's family name comes from; it steers which given names
    /// its children get (a Nowak child is more often a Zofia or a Jakub).
    enum NameGroup: Int, Sendable, CaseIterable {
        case english, welsh, irish, southAsianMuslim, southAsianHinduSikh, polish, westAfrican, arabic, otherOrigin
    }

    /// Name lists for children born in England and Wales 2019–2024, each in rough order of
    /// popularity (the draw weights fall with the rank), and the variants records use for them.
    enum UKNames {
        // MARK: Given names

        /// Girls' names popular in England & Wales 2019–2024 (ONS top 100s and a tail).
        static let englishGirls: [String] = [
            "Olivia", "Amelia", "Isla", "Lily", "Ava", "Freya", "Ivy", "Florence", "Willow", "Mia",
            "Isabella", "Sophia", "Grace", "Evie", "Poppy", "Elsie", "Rosie", "Sienna", "Emily", "Charlotte",
            "Ella", "Daisy", "Phoebe", "Harper", "Evelyn", "Ruby", "Sophie", "Millie", "Matilda", "Alice",
            "Maya", "Luna", "Esme", "Aria", "Hallie", "Maisie", "Isabelle", "Bonnie", "Mila", "Sofia",
            "Thea", "Margot", "Orla", "Lola", "Violet", "Ada", "Eliza", "Hannah", "Emilia", "Harriet",
            "Layla", "Chloe", "Jessica", "Eva", "Lottie", "Penelope", "Arabella", "Edith", "Iris", "Imogen",
            "Ellie", "Lucy", "Mabel", "Delilah", "Ayla", "Nancy", "Aurora", "Maeve", "Ophelia", "Gracie",
            "Molly", "Lyla", "Elizabeth", "Clara", "Erin", "Georgia", "Holly", "Amber", "Summer", "Martha",
            "Beatrice", "Robyn", "Emma", "Katie", "Zara", "Scarlett", "Darcy", "Megan", "Abigail", "Eleanor",
            "Heidi", "Myla", "Nova", "Lilly", "Amelie", "Leah", "Lexi", "Anna", "Jasmine", "Annabelle",
            "Rose", "Hazel", "Olive", "Elodie", "Octavia", "Primrose", "Juniper", "Rosalie", "Lucia", "Eden",
            "Lara", "Lydia", "Naomi", "Victoria", "Katherine", "Rebecca", "Josephine", "Gabriella", "Madison", "Paige",
            "Brooke", "Bella", "Tilly", "Francesca", "Alexa", "Alexandra", "Caitlin", "Nellie", "Winifred", "Dolly",
            "Hope", "Zoe", "Zoë", "Chloë", "Renée", "Lily-Mae", "Ella-Rose", "Ava-Grace", "Isla-Rose", "Lily-Rose",
            "Ellie-Mae", "Rosie-Mae", "Polly", "Lila", "Tillie", "Leia", "Marnie", "Eloise", "Felicity", "Genevieve",
            "Hermione", "Talia", "Ivy-Rose", "Esmé", "Ottilie",
        ]

        /// Boys' names popular in England & Wales 2019–2024 (ONS top 100s and a tail).
        static let englishBoys: [String] = [
            "Noah", "Oliver", "George", "Leo", "Arthur", "Oscar", "Theodore", "Freddie", "Theo", "Harry",
            "Archie", "Henry", "Jack", "Charlie", "Alfie", "Finley", "Jacob", "Lucas", "Thomas", "Isaac",
            "Luca", "Edward", "Tommy", "Albie", "Teddy", "Roman", "Reggie", "Ezra", "Ronnie", "Hudson",
            "Jude", "Elijah", "Rory", "Louie", "Mason", "Joshua", "Max", "Arlo", "Ethan", "Harrison",
            "Jaxon", "Sonny", "Toby", "Ollie", "Hunter", "Ralph", "William", "James", "Alexander", "Adam",
            "Daniel", "Samuel", "Benjamin", "Joseph", "Reuben", "Dylan", "Jenson", "Frankie", "Harvey", "Elliot",
            "Sebastian", "Caleb", "Gabriel", "Otis", "Bobby", "Stanley", "Frederick", "Louis", "Logan", "Zachary",
            "Riley", "Jayden", "Ellis", "Jesse", "Michael", "David", "Hugo", "Felix", "Nathan", "Tyler",
            "Kai", "Leon", "Jake", "Jasper", "Albert", "Alfred", "Austin", "Blake", "Carter", "Chester",
            "Cody", "Connor", "Dexter", "Eli", "Ernie", "Evan", "Finn", "Francis", "Grayson", "Hector",
            "Jackson", "Jamie", "Jay", "Kian", "Lewis", "Luke", "Matthew", "Milo", "Miles", "Nathaniel",
            "Oakley", "Rowan", "Ryan", "Ryder", "Seth", "Sam", "Spencer", "Tate", "Tobias", "Vincent",
            "Wilfred", "Aiden", "Aidan", "Ashton", "Ben", "Billy", "Brody", "Cameron", "Charles", "Christopher",
            "Dominic", "Elliott", "Ezekiel", "Fletcher", "Joel", "Jonah", "Kayden", "Laurie", "Lennon", "Lenny",
            "Mateo", "Marcus", "Nico", "Parker", "Percy", "Raphael", "Rufus", "Sidney", "Solomon", "Tristan",
            "Wesley", "Zane", "Eddie", "Jaden", "Mohammed", "Alfie-James", "Tommy-Lee", "Teddy-James", "Jaxon-Lee",
            "Harley", "Mylo", "Ted", "Axel", "Enzo", "Brodie",
        ]

        /// Welsh girls' names.
        static let welshGirls: [String] = [
            "Seren", "Cerys", "Ffion", "Siân", "Megan", "Nia", "Efa", "Mali", "Elin", "Gwen",
            "Alys", "Carys", "Lowri", "Bethan", "Rhiannon", "Eira", "Cadi", "Lili", "Mabli", "Manon",
            "Gwenllian", "Heledd", "Nest", "Glesni",
        ]

        /// Welsh boys' names.
        static let welshBoys: [String] = [
            "Rhys", "Osian", "Gruffydd", "Dafydd", "Tomos", "Cai", "Iestyn", "Owain", "Gethin", "Aled",
            "Ioan", "Macsen", "Harri", "Elis", "Ianto", "Llewelyn", "Caio", "Deio", "Ifan", "Emrys",
            "Gwion", "Llŷr", "Steffan",
        ]

        /// Irish girls' names.
        static let irishGirls: [String] = [
            "Niamh", "Saoirse", "Caoimhe", "Aoife", "Róisín", "Siobhán", "Clodagh", "Ciara", "Sinéad", "Éabha",
            "Aisling", "Orlaith", "Ailbhe", "Méabh", "Gráinne", "Síofra", "Nuala", "Aoibheann", "Órla",
        ]

        /// Irish boys' names.
        static let irishBoys: [String] = [
            "Oisín", "Cian", "Darragh", "Ciarán", "Seán", "Pádraig", "Conor", "Eoin", "Tadhg", "Fionn",
            "Rónán", "Cillian", "Diarmuid", "Cathal", "Donal", "Aodhán", "Senan", "Odhrán", "Colm", "Fiachra",
        ]

        /// Girls' names common in British Pakistani and Bangladeshi families.
        static let southAsianMuslimGirls: [String] = [
            "Maryam", "Aisha", "Fatima", "Zainab", "Hafsa", "Inaya", "Aminah", "Safiya", "Hana", "Zahra",
            "Ayesha", "Khadija", "Aleena", "Anaya", "Eshal", "Hoorain", "Inaaya", "Mahnoor", "Noor", "Sumayyah",
            "Zoya", "Haniya", "Alayna", "Rumaisa", "Iqra", "Sana", "Amira", "Laiba", "Manahil", "Ayat",
        ]

        /// Boys' names common in British Pakistani and Bangladeshi families.
        static let southAsianMuslimBoys: [String] = [
            "Muhammad", "Mohammed", "Yusuf", "Ibrahim", "Musa", "Hamza", "Ayaan", "Zayn", "Adam", "Ali",
            "Omar", "Isa", "Zakariya", "Haris", "Abdullah", "Ahmed", "Hassan", "Hussain", "Ismail", "Idris",
            "Eesa", "Rayyan", "Zain", "Safwan", "Arham", "Harun", "Sulayman", "Umar", "Bilal", "Imran",
            "Mohammad", "Mohamed",
        ]

        /// Girls' names common in British Indian (Hindu and Sikh) families.
        static let southAsianHinduSikhGirls: [String] = [
            "Anaya", "Saanvi", "Priya", "Diya", "Riya", "Simran", "Harleen", "Gurleen", "Anika", "Kiran",
            "Arya", "Aanya", "Myra", "Navya", "Ishani", "Jasleen", "Amrit", "Avneet", "Prisha", "Sia",
            "Tara", "Meera", "Nisha", "Shreya", "Kavya",
        ]

        /// Boys' names common in British Indian (Hindu and Sikh) families.
        static let southAsianHinduSikhBoys: [String] = [
            "Arjun", "Aarav", "Veer", "Ishaan", "Rohan", "Dev", "Jai", "Aryan", "Vihaan", "Reyansh",
            "Krish", "Shiv", "Kabir", "Arav", "Rishi", "Ravi", "Sahib", "Gurveer", "Harjot", "Jasraj",
            "Manveer", "Navraj", "Arman", "Dhruv", "Yuvraj", "Roshan",
        ]

        /// Polish girls' names.
        static let polishGirls: [String] = [
            "Zofia", "Zuzanna", "Hanna", "Maja", "Lena", "Julia", "Wiktoria", "Alicja", "Oliwia", "Amelia",
            "Laura", "Natalia", "Łucja", "Antonina", "Pola", "Marcelina", "Nikola", "Gabriela", "Jagoda", "Agata",
            "Weronika", "Małgorzata",
        ]

        /// Polish boys' names.
        static let polishBoys: [String] = [
            "Jakub", "Antoni", "Jan", "Szymon", "Filip", "Kacper", "Aleksander", "Franciszek", "Mikołaj", "Wojciech",
            "Michał", "Stanisław", "Igor", "Tymon", "Adam", "Kajetan", "Bartosz", "Oskar", "Wiktor", "Maksymilian",
            "Łukasz", "Piotr",
        ]

        /// Girls' names common in British Nigerian and Ghanaian families.
        static let westAfricanGirls: [String] = [
            "Amara", "Precious", "Favour", "Chiamaka", "Adaeze", "Nia", "Ife", "Temi", "Tiwa", "Blessing",
            "Abena", "Ama", "Adwoa", "Esi", "Zuri", "Imani", "Chisom", "Ifeoma", "Oluwatoyin", "Ayomide",
            "Oyinkansola", "Eniola", "Kemi", "Damilola", "Nneka", "Adanna",
        ]

        /// Boys' names common in British Nigerian and Ghanaian families.
        static let westAfricanBoys: [String] = [
            "David", "Daniel", "Samuel", "Joshua", "Divine", "Chidi", "Oluwaseun", "Tobi", "Ayodele", "Kwame",
            "Kofi", "Kwabena", "Ebuka", "Chinedu", "Emeka", "Tunde", "Femi", "Jeremiah", "Nathaniel", "Oluwadamilare",
            "Olamide", "Kayode", "Obinna", "Nnamdi", "Yaw",
        ]

        /// Girls' names common in Arab and Somali families.
        static let arabicGirls: [String] = [
            "Amira", "Layla", "Noor", "Mariam", "Hana", "Yasmin", "Sara", "Aya", "Hodan", "Sumaya",
            "Salma", "Jana", "Lina", "Malak", "Farida", "Rania", "Hiba", "Nour", "Leen", "Hafsa",
        ]

        /// Boys' names common in Arab and Somali families.
        static let arabicBoys: [String] = [
            "Mohamed", "Ahmed", "Omar", "Yusuf", "Abdirahman", "Abdullahi", "Mustafa", "Khalid", "Karim", "Rami",
            "Adam", "Ali", "Zain", "Hassan", "Mahmoud", "Tariq", "Youssef", "Idris", "Bilal", "Amir",
            "Samir", "Hamza",
        ]

        // MARK: Family names

        /// British family names in rough order of frequency, each with the group its given names
        /// lean to (Welsh and Irish surnames pull in some Welsh and Irish given names).
        static let britishFamilyNames: [(String, NameGroup)] = {
            let welsh: Set<String> = [
                "Jones", "Williams", "Davies", "Evans", "Thomas", "Roberts", "Lewis", "Hughes", "Morgan", "Griffiths",
                "Owen", "Price", "Rees", "Jenkins", "Lloyd", "Powell", "Parry", "Pritchard", "Vaughan", "Llewellyn",
                "Bevan", "Pryce", "Prosser", "Meredith", "Gwynne", "Howells", "Probert", "Bowen",
            ]
            let irish: Set<String> = [
                "Murphy", "Kelly", "O'Brien", "Byrne", "Ryan", "O'Connor", "O'Neill", "McCarthy", "Walsh", "Doyle",
                "Quinn", "Gallagher", "O'Sullivan", "O'Reilly", "Brennan", "Fitzgerald", "Kavanagh", "O'Donnell",
                "O'Hara", "Nolan", "Flanagan", "Donnelly", "Maguire", "McLaughlin", "Lynch", "Sullivan", "Burke",
                "Moran", "Docherty", "D'Arcy",
            ]
            return britishFamilyNameList.map { name in
                (name, welsh.contains(name) ? .welsh : irish.contains(name) ? .irish : .english)
            }
        }()

        /// British family names in rough order of frequency.
        static let britishFamilyNameList: [String] = [
            "Smith", "Jones", "Williams", "Taylor", "Brown", "Davies", "Evans", "Wilson", "Thomas", "Johnson",
            "Roberts", "Robinson", "Thompson", "Wright", "Walker", "White", "Edwards", "Hughes", "Green", "Hall",
            "Lewis", "Harris", "Clarke", "Jackson", "Wood", "Turner", "Martin", "Cooper", "Hill", "Ward",
            "Morris", "Moore", "Clark", "Lee", "King", "Baker", "Harrison", "Morgan", "Allen", "James",
            "Scott", "Phillips", "Watson", "Davis", "Parker", "Price", "Bennett", "Young", "Griffiths", "Mitchell",
            "Kelly", "Cook", "Carter", "Richardson", "Bailey", "Collins", "Bell", "Shaw", "Murphy", "Miller",
            "Cox", "Richards", "Marshall", "Anderson", "Simpson", "Ellis", "Adams", "Wilkinson", "Foster", "Chapman",
            "Powell", "Webb", "Rogers", "Gray", "Mason", "Hunt", "Campbell", "Matthews", "Owen", "Palmer",
            "Holmes", "Mills", "Barnes", "Knight", "Lloyd", "Butler", "Russell", "Barker", "Fisher", "Stevens",
            "Jenkins", "Murray", "Dixon", "Harvey", "Graham", "Pearson", "Fletcher", "Walsh", "Gibson", "Howard",
            "Andrews", "Stewart", "Elliott", "Reynolds", "Saunders", "Payne", "Fox", "Ford", "Pearce", "Day",
            "Brooks", "West", "Lawrence", "Cole", "Atkinson", "Bradley", "Spencer", "Dawson", "Ball", "Burton",
            "O'Brien", "Watts", "Rose", "Booth", "Perry", "Ryan", "Grant", "Wells", "Armstrong", "Francis",
            "Rees", "Hayes", "Hart", "Hudson", "Newman", "Barrett", "Webster", "Hunter", "Gregory", "Carr",
            "Lowe", "Page", "Marsh", "Riley", "Dunn", "Woods", "Parsons", "Berry", "Stone", "Reid",
            "Holland", "Hawkins", "Harding", "Porter", "Robertson", "Newton", "Oliver", "Reed", "Kennedy", "Williamson",
            "Bird", "Gardner", "Dean", "Lane", "Cooke", "Bates", "Henderson", "Parry", "Burgess", "Bishop",
            "Walton", "Burns", "Nicholson", "Shepherd", "Ross", "Cross", "Long", "Freeman", "Warren", "Nicholls",
            "Hamilton", "Byrne", "Sutton", "McDonald", "Yates", "Hodgson", "Robson", "Curtis", "Hopkins", "O'Connor",
            "Harper", "Coleman", "Watkins", "Moss", "McCarthy", "Chambers", "O'Neill", "Griffin", "Sharp", "Hardy",
            "Wheeler", "Potter", "Osborne", "Johnston", "Gordon", "Doyle", "Wallace", "George", "Jordan", "Hutchinson",
            "Rowe", "Burke", "May", "Pritchard", "Gilbert", "Willis", "Higgins", "Read", "Miles", "Stevenson",
            "Stephenson", "Hammond", "Arnold", "Buckley", "Walters", "Hewitt", "Barber", "Nelson", "Slater", "Austin",
            "Sullivan", "Whitehead", "Mann", "Frost", "Lambert", "Stephens", "Blake", "Lynch", "Goodwin", "Barton",
            "Woodward", "Thomson", "Cunningham", "Quinn", "Barnett", "Baxter", "Clayton", "Nash", "Greenwood", "Jennings",
            "Holt", "Kemp", "Poole", "Gallagher", "Bond", "Stokes", "Tucker", "Davidson", "Fowler", "Heath",
            "Norman", "Middleton", "Banks", "French", "Thornton", "Jarvis", "Lord", "Brennan", "Fitzgerald", "Kavanagh",
            "O'Sullivan", "O'Reilly", "O'Donnell", "O'Hara", "Nolan", "Flanagan", "Donnelly", "Maguire", "McLaughlin", "Vaughan",
            "Llewellyn", "Bevan", "Pryce", "Prosser", "Meredith", "Gwynne", "Howells", "Probert", "MacDonald", "McKenzie",
            "Fraser", "Sinclair", "MacLeod", "McGregor", "Ferguson", "Crawford", "Docherty", "Kerr", "Paterson", "Wyatt",
            "Dyer", "Rowley", "Parkinson", "Preston", "Bowen", "Hyde", "Horton", "Sheppard", "Dobson", "Hale",
            "Steele", "Ashton", "Kirby", "Lucas", "Moran", "Cartwright", "Bentley", "Hilton", "Kay", "Charlton",
            "Rhodes", "Pickering", "Swift", "Sykes", "Haigh", "Hirst", "Firth", "Crowther", "Ackroyd", "Brook",
            "Senior", "Holroyd", "Sutcliffe", "Greenhalgh", "Ramsbottom", "Entwistle", "Pilkington", "Openshaw", "Ormerod", "Ainsworth",
            "Pennington", "Lomax", "Bamford", "Higginbottom", "Featherstone", "Micklethwaite", "Oddie", "Pocklington", "D'Arcy", "Fairbairn",
            "Winterbottom", "Clegg", "Hebden", "Tattersall", "Duckworth", "Bottomley", "Ibbotson", "Illingworth", "Jowett", "Kitchen",
            "Lister", "Mellor", "Naylor", "Pogson", "Scholes", "Stansfield", "Whiteley", "Wormald", "Youngman", "Zouch",
        ]

        /// Family names common in British Pakistani and Bangladeshi families.
        static let southAsianMuslimFamilyNames: [String] = [
            "Khan", "Ali", "Hussain", "Ahmed", "Begum", "Akhtar", "Rahman", "Islam", "Uddin", "Miah",
            "Mahmood", "Iqbal", "Chowdhury", "Bibi", "Mohammed", "Rashid", "Malik", "Aslam", "Javed", "Mirza",
            "Qureshi", "Siddiqui", "Sheikh", "Butt", "Raza", "Bashir", "Anwar", "Haq", "Karim", "Latif",
            "Nawaz", "Sadiq", "Shafiq", "Zaman", "Choudhury", "Hossain", "Ullah", "Mughal", "Kauser", "Parveen",
        ]

        /// Family names common in British Indian (Hindu and Sikh) families.
        static let southAsianHinduSikhFamilyNames: [String] = [
            "Patel", "Singh", "Kaur", "Shah", "Sharma", "Kumar", "Gill", "Sandhu", "Dhillon", "Gupta",
            "Mistry", "Chauhan", "Sidhu", "Bains", "Johal", "Virdi", "Grewal", "Sohal", "Bhatti", "Mehta",
            "Joshi", "Desai", "Parmar", "Solanki", "Lad", "Chohan", "Rai", "Thakkar", "Pandya", "Varma",
            "Reddy", "Nair", "Menon", "Iyer", "Rao", "Pillai", "Kapoor", "Malhotra", "Chopra", "Bhatt",
        ]

        /// Polish family names.
        static let polishFamilyNames: [String] = [
            "Nowak", "Kowalski", "Wiśniewski", "Wójcik", "Kowalczyk", "Kamiński", "Lewandowski", "Zieliński", "Szymański", "Woźniak",
            "Dąbrowski", "Kozłowski", "Jankowski", "Mazur", "Kwiatkowski", "Krawczyk", "Piotrowski", "Grabowski", "Nowakowski", "Pawłowski",
            "Michalski", "Król", "Wieczorek", "Jabłoński", "Wróbel", "Majewski",
        ]

        /// Family names common in British West African (and some Southern African) families.
        static let westAfricanFamilyNames: [String] = [
            "Okafor", "Adeyemi", "Mensah", "Okonkwo", "Asante", "Boateng", "Owusu", "Adebayo", "Nwosu", "Eze",
            "Obi", "Balogun", "Afolabi", "Danso", "Appiah", "Osei", "Oyelaran", "Ogunleye", "Adewale", "Olaniyan",
            "Chukwu", "Nwachukwu", "Agyeman", "Amoah", "Oduya", "Akinola", "Okeke", "Ibekwe", "Opoku", "Darko",
            "Bello", "Sesay", "Kamara", "Conteh", "Bangura", "Mutasa", "Moyo", "Ndlovu", "Banda", "Phiri",
        ]

        /// Family names common in Arab and Somali families.
        static let arabicFamilyNames: [String] = [
            "Mohamed", "Abdullah", "Hassan", "Ibrahim", "Abdi", "Farah", "Osman", "Hussein", "Mahmoud", "Yusuf",
            "Omar", "Jama", "Aden", "Warsame", "Haddad", "Saleh", "Nasser", "Al-Ahmad", "Al-Hassan", "Noor",
            "Elmi", "Abdalla", "Khalil", "Mansour", "Said", "Salem", "Al-Amin", "El-Sayed", "Abdelrahman", "Suleiman",
        ]

        /// Family names of other origins (European, Turkish, East Asian, Goan…), given English-list names.
        static let otherFamilyNames: [String] = [
            "Silva", "Santos", "Popescu", "Ferreira", "Nguyen", "Chen", "Costa", "Yilmaz", "Kaya", "Pereira",
            "Rodrigues", "Oliveira", "Ionescu", "Popa", "Öztürk", "Şahin", "Demir", "Çelik", "Müller", "Schmidt",
            "Rossi", "Russo", "Ferrari", "Tran", "Wang", "Li", "Zhang", "Liu", "Wong", "Kim",
            "Petrov", "Horvath", "Nagy", "Kovács", "Novák", "Dvořák", "Jović", "Petrović", "García", "Martínez",
            "López", "Fernández", "Pérez", "González", "Núñez", "D'Souza", "D'Costa", "De Souza", "Fernandes", "Van der Berg",
            "De Jong", "Murati", "Hoxha", "Berisha", "Krasniqi", "Papadopoulos",
        ]

        /// First halves of English toponymic surnames, combined with `tailSuffixes` into the long
        /// tail of rare family names (Ashworth, Blackmore, Whitfield…).
        static let tailPrefixes: [String] = [
            "Ash", "Black", "Brad", "Brom", "Bur", "Cal", "Chad", "Chat", "Cliff", "Cold",
            "Craw", "Dal", "Dun", "East", "Elm", "Fair", "Farn", "Fen", "Gold", "Green",
            "Hal", "Ham", "Hart", "Hay", "Heath", "Hol", "Horn", "King", "Lang", "Lea",
            "Lock", "Mar", "Mid", "Mill", "Moor", "New", "North", "Oak", "Pen", "Rad",
            "Red", "Ris", "Rock", "Rod", "Sand", "Sel", "Shel", "Staf", "Stan", "Ster",
            "Stock", "Sud", "Thorn", "Wake", "Wal", "War", "Wed", "West", "Whit", "Wil",
            "Win", "Wood", "Wor", "Yar", "Brock", "Bram", "Crom", "Dar", "Ever", "Glad",
            "Gris", "Kirk", "Lath", "Pick", "Rams", "Shack", "Ware", "Bux",
        ]

        /// Second halves of English toponymic surnames.
        static let tailSuffixes: [String] = [
            "ley", "ton", "worth", "field", "ford", "by", "wood", "well", "more", "hurst",
            "combe", "ham", "stone", "bridge", "dale", "wick", "land", "ridge", "brook", "bury",
            "cliffe", "thorpe", "shaw", "den", "low", "man", "er", "son", "ing", "all",
            "ett", "ington", "hill", "borough", "ston", "cott", "lake", "stead", "house",
        ]

        // MARK: Mothers (for "Baby of Sarah Smith")

        /// Mothers' given names by group (women born about 1980–2000).
        static func motherNames(for group: NameGroup) -> [String] {
            motherNamesByGroup[group.rawValue]
        }

        /// `motherNames(for:)`, built once per group.
        private static let motherNamesByGroup: [[String]] = NameGroup.allCases.map(listMotherNames)

        /// The mothers' names listed for `group`.
        private static func listMotherNames(for group: NameGroup) -> [String] {
            switch group {
            case .english, .otherOrigin:
                ["Sarah", "Emma", "Laura", "Gemma", "Rebecca", "Hannah", "Charlotte", "Amy", "Jessica", "Lauren",
                 "Sophie", "Katie", "Rachel", "Stacey", "Kelly", "Nicola", "Claire", "Lisa", "Danielle", "Jade",
                 "Chloe", "Leanne", "Natalie", "Victoria", "Kirsty", "Zoe", "Hayley", "Samantha", "Jennifer", "Holly"]
            case .welsh: ["Rhian", "Sian", "Ceri", "Bethan", "Catrin", "Sarah", "Emma", "Laura", "Nia", "Angharad"]
            case .irish: ["Siobhan", "Aoife", "Niamh", "Ciara", "Sarah", "Emma", "Laura", "Orla", "Grainne", "Claire"]
            case .southAsianMuslim: ["Fatima", "Aisha", "Ayesha", "Sana", "Nadia", "Shazia", "Farzana", "Rukhsana", "Amina", "Saima"]
            case .southAsianHinduSikh: ["Priya", "Pooja", "Neha", "Sunita", "Harpreet", "Manpreet", "Jaspreet", "Anjali", "Kiran", "Reena"]
            case .polish: ["Agnieszka", "Joanna", "Katarzyna", "Magdalena", "Anna", "Monika", "Ewa", "Karolina", "Marta", "Paulina"]
            case .westAfrican: ["Blessing", "Funmi", "Ngozi", "Grace", "Adwoa", "Chioma", "Yetunde", "Abimbola", "Akosua", "Esther"]
            case .arabic: ["Mariam", "Huda", "Rania", "Hodan", "Fadumo", "Asma", "Nadia", "Samira", "Amal", "Sahra"]
            }
        }

        // MARK: Variants

        /// Nicknames, short forms and spelling variants that records use instead of a full name.
        /// Hyphenated names get their own variants (first part, spaced) from `variants(of:)`.
        static let nicknames: [String: [String]] = {
            var table: [String: [String]] = [
                "Elizabeth": ["Lizzie", "Beth", "Eliza", "Liz", "Betsy"],
                "William": ["Will", "Billy", "Liam", "Willy"],
                "Alexander": ["Alex", "Xander", "Sandy", "Alec"],
                "Alexandra": ["Alex", "Lexi", "Sasha"],
                "Oliver": ["Ollie", "Olly"],
                "Thomas": ["Tom", "Tommy"],
                "Frederick": ["Freddie", "Fred", "Freddy"],
                "Theodore": ["Theo", "Teddy"],
                "Charlotte": ["Lottie", "Charlie"],
                "Alfred": ["Alfie", "Alf"],
                "Edward": ["Eddie", "Ed", "Ted", "Teddy"],
                "Henry": ["Harry", "Hal"],
                "Samuel": ["Sam", "Sammy"],
                "Benjamin": ["Ben", "Benji", "Benny"],
                "Joseph": ["Joe", "Joey"],
                "Daniel": ["Dan", "Danny"],
                "Matthew": ["Matt", "Matty"],
                "Jacob": ["Jake", "Jakob"],
                "James": ["Jamie", "Jim", "Jimmy"],
                "Joshua": ["Josh"],
                "Zachary": ["Zach", "Zack"],
                "Sebastian": ["Seb", "Sebby"],
                "Nathaniel": ["Nate", "Nat"],
                "Nathan": ["Nate"],
                "Christopher": ["Chris", "Kit"],
                "Michael": ["Mike", "Mikey"],
                "Jessica": ["Jess", "Jessie"],
                "Isabella": ["Bella", "Izzy", "Isabela"],
                "Isabelle": ["Izzy", "Isabel", "Isobel"],
                "Amelia": ["Millie", "Amy", "Mia"],
                "Olivia": ["Liv", "Livvy", "Livia"],
                "Matilda": ["Tilly", "Tilda", "Tillie"],
                "Florence": ["Flo", "Florrie"],
                "Katherine": ["Kate", "Katie", "Kat", "Catherine"],
                "Victoria": ["Tori", "Vicky"],
                "Penelope": ["Penny", "Nell"],
                "Eleanor": ["Ellie", "Nell", "Elly"],
                "Abigail": ["Abbie", "Abby"],
                "Gabriella": ["Gabby", "Ella"],
                "Gabriel": ["Gabe"],
                "Rebecca": ["Becky", "Becca"],
                "Sophia": ["Sophie"],
                "Sophie": ["Sophia", "Sofie"],
                "Harriet": ["Hattie", "Harry"],
                "Evelyn": ["Evie", "Eve"],
                "Josephine": ["Josie", "Jo"],
                "Genevieve": ["Evie", "Gen"],
                "Arabella": ["Bella", "Belle"],
                "Annabelle": ["Annie", "Bella"],
                "Francesca": ["Frankie", "Fran"],
                "Margot": ["Margo"],
                "Emilia": ["Millie", "Emily"],
                "Emily": ["Emmie", "Em"],
                "Imogen": ["Immy"],
                "Ophelia": ["Effie"],
                "Winifred": ["Winnie"],
                "Dominic": ["Dom"],
                "Raphael": ["Rafe", "Rafael"],
                "Tobias": ["Toby"],
                "Reginald": ["Reggie"],
                "Archibald": ["Archie"],
                "Stanley": ["Stan"],
                "Francis": ["Frank", "Frankie"],
                "Anthony": ["Tony"],
                "Ronald": ["Ronnie"],
                "Elliot": ["Eliot", "Elliott"],
                "Elliott": ["Elliot"],
                "Louis": ["Louie", "Lou"],
                "Louie": ["Louis"],
                "Lilly": ["Lily"],
                "Lily": ["Lilly", "Lillie"],
                "Isla": ["Islay"],
                "Zoë": ["Zoe", "Zoey"],
                "Zoe": ["Zoey", "Zoë"],
                "Chloë": ["Chloe"],
                "Aidan": ["Aiden"],
                "Aiden": ["Aidan", "Ayden"],
                "Jaden": ["Jayden"],
                "Jayden": ["Jaden", "Jaiden"],
                "Siân": ["Sian", "Shan"],
                "Gruffydd": ["Gruff", "Gruffudd"],
                "Dafydd": ["Dai", "Dewi"],
                "Llewelyn": ["Llew", "Llywelyn"],
                "Rhiannon": ["Rhi"],
                "Seán": ["Sean", "Shaun", "Shawn"],
                "Pádraig": ["Paddy", "Padraig"],
                "Oisín": ["Oisin", "Osheen"],
                "Siobhán": ["Siobhan", "Shiv"],
                "Ciarán": ["Ciaran", "Kieran"],
                "Caoimhe": ["Keeva", "Queeva"],
                "Niamh": ["Neve", "Neave"],
                "Aoife": ["Eva"],
                "Éabha": ["Eabha", "Eva"],
                "Jakub": ["Kuba", "Jacob"],
                "Aleksander": ["Olek", "Alex"],
                "Franciszek": ["Franek"],
                "Wojciech": ["Wojtek"],
                "Zuzanna": ["Zuza", "Susanna"],
                "Małgorzata": ["Gosia"],
                "Mikołaj": ["Mikolaj", "Nicholas"],
                "Stanisław": ["Staś", "Stan"],
                "Maksymilian": ["Max", "Maks"],
                "Wiktoria": ["Victoria", "Wika"],
                "Oliwia": ["Olivia"],
                "Abdirahman": ["Abdi", "Abdulrahman"],
                "Abdullahi": ["Abdi", "Abdullah"],
                "Zakariya": ["Zakaria", "Zachariah", "Zak"],
                "Sulayman": ["Suleiman", "Sulaiman"],
                "Ayesha": ["Aisha", "Ayisha"],
                "Aisha": ["Ayesha", "Aysha"],
                "Fatima": ["Fatimah", "Fatema"],
                "Maryam": ["Mariam", "Miriam"],
                "Mariam": ["Maryam"],
                "Zainab": ["Zaynab"],
                "Yusuf": ["Yousef", "Youssef", "Yusef"],
                "Youssef": ["Yusuf", "Yousef"],
                "Ibrahim": ["Ebrahim", "Ibraheem"],
                "Hussain": ["Husain", "Hussein"],
                "Hassan": ["Hasan"],
                "Zayn": ["Zain", "Zane"],
                "Zain": ["Zayn"],
                "Eesa": ["Isa", "Essa"],
                "Isa": ["Eesa", "Issa"],
                "Oluwaseun": ["Seun", "Shaun"],
                "Oluwatoyin": ["Toyin"],
                "Oluwadamilare": ["Dami", "Damilare"],
                "Oyinkansola": ["Oyin", "Kansola"],
                "Chiamaka": ["Amaka"],
                "Ayomide": ["Ayo", "Mide"],
                "Damilola": ["Dami", "Lola"],
                "Ebuka": ["Chukwuebuka"],
            ]
            let prophet = ["Muhammad", "Mohammed", "Mohammad", "Mohamed", "Muhammed", "Mohamad"]
            for spelling in prophet {
                table[spelling] = prophet.filter { $0 != spelling }
            }
            return table
        }()

        /// The names a record may hold instead of `name`: nicknames, spelling variants and, for
        /// a hyphenated name (Lily-Mae), its first part and its spaced form.
        static func variants(of name: String) -> [String] {
            variantTable[name] ?? computeVariants(of: name)
        }

        /// `variants(of:)` for every given name the lists can produce, computed once.
        private static let variantTable: [String: [String]] = {
            var table: [String: [String]] = [:]
            let lists = [englishGirls, englishBoys, welshGirls, welshBoys, irishGirls, irishBoys, southAsianMuslimGirls,
                         southAsianMuslimBoys, southAsianHinduSikhGirls, southAsianHinduSikhBoys, polishGirls, polishBoys,
                         westAfricanGirls, westAfricanBoys, arabicGirls, arabicBoys]
            let pairs = similarGirlPairs + similarBoyPairs + similarMixedPairs
            for name in lists.joined() + pairs.map(\.0) + pairs.map(\.1) {
                table[name] = computeVariants(of: name)
            }
            return table
        }()

        /// The variants of `name`, worked out from the nickname table and its hyphens.
        private static func computeVariants(of name: String) -> [String] {
            var result = nicknames[name] ?? []
            if let hyphen = name.firstIndex(of: "-") {
                result.append(String(name[..<hyphen]))
                result.append(name.replacingHyphens(with: " "))
                result.append(name.replacingHyphens(with: ""))
            }
            return result
        }

        /// Pairs of similar given names, for twins (the same sex in each pair unless marked mixed).
        static let similarGirlPairs: [(String, String)] = [
            ("Amelia", "Amelie"), ("Ella", "Ellie"), ("Mia", "Maya"), ("Evie", "Eva"), ("Sophie", "Sophia"),
            ("Emily", "Emilia"), ("Olivia", "Olive"), ("Isla", "Isabel"), ("Ava", "Eva"), ("Hannah", "Anna"),
            ("Rosie", "Ruby"), ("Lola", "Lila"), ("Poppy", "Polly"), ("Maisie", "Daisy"), ("Millie", "Tillie"),
            ("Aisha", "Ayesha"), ("Zara", "Zahra"), ("Leah", "Lea"), ("Grace", "Gracie"), ("Lily", "Lilly"),
            ("Riya", "Diya"), ("Hana", "Hannah"), ("Lena", "Lina"),
        ]

        /// Pairs of similar boys' names, for twins.
        static let similarBoyPairs: [(String, String)] = [
            ("Jack", "Jake"), ("Leo", "Leon"), ("Harry", "Harvey"), ("Louis", "Louie"), ("Aiden", "Aidan"),
            ("Jayden", "Jaden"), ("Alfie", "Albie"), ("Freddie", "Frankie"), ("Oscar", "Otis"), ("Reggie", "Ronnie"),
            ("Teddy", "Eddie"), ("Hassan", "Hussain"), ("Rohan", "Roshan"), ("Ryan", "Rayan"), ("Kai", "Kian"),
            ("Mason", "Jason"), ("Ollie", "Alfie"), ("Arlo", "Milo"), ("Ezra", "Ezekiel"), ("Aarav", "Arav"),
            ("Ali", "Alan"),
        ]

        /// Pairs of similar names for a girl and a boy, for mixed twins (girl first).
        static let similarMixedPairs: [(String, String)] = [
            ("Thea", "Theo"), ("Alexa", "Alex"), ("Leah", "Leo"), ("Olivia", "Oliver"), ("Charlotte", "Charlie"),
            ("Francesca", "Frankie"), ("Ella", "Elliot"), ("Luna", "Luca"), ("Isabella", "Isaac"), ("Jessica", "Jesse"),
        ]
    }
}

extension String {
    /// The string with every hyphen replaced by `replacement`.
    fileprivate func replacingHyphens(with replacement: String) -> String {
        var out = ""
        out.reserveCapacity(utf8.count)
        for character in self {
            if character == "-" { out += replacement } else { out.append(character) }
        }
        return out
    }
}
