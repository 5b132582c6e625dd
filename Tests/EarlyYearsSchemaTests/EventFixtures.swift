import EarlyYearsSchema

/// Realistic events, one or more per event type. All names, numbers and places are fictitious;
/// the NHS number and UPN are the published test values from DOMAIN.md.
enum EventFixtures {
    static let healthVisiting = Source(
        orgType: .healthVisiting, orgCode: "RR8", orgName: "Leeds Community Healthcare", system: "SystmOne",
        recordID: "HV-000123", recordVersion: "4")
    static let nursery = Source(orgType: .earlyYearsSetting, orgCode: "EY512345", orgName: "Little Acorns Nursery", system: "Famly", recordID: "child-7f3a")
    static let council = Source(orgType: .localAuthority, orgCode: "383", orgName: "Leeds City Council", system: "Mosaic", recordID: "CASE-55012")

    static let sian = Subject(
        nhsNumber: .init(NHSNumber("9434765919"), verificationStatus: "01", codeSystem: "https://fhir.hl7.org.uk/STU3/CodeSystem/CareConnect-NHSNumberVerificationStatus-1"),
        upn: .init(UniquePupilNumber("A950000178301")),
        givenNames: ["Siân", "Mair"], familyName: "Davies",
        otherNames: [.init(use: .preferred, givenNames: ["Sian"])],
        birthDate: "2023-01-14", sex: .female, postcode: "LS1 4AP",
        address: .init(lines: ["Flat 2", "14 Park Row", "Leeds"], postcode: "LS1 4AP"), householdID: "hh-0091")
    static let aoife = Subject(
        laChildID: .init(laCode: "383", value: "LA-883201"), localIDs: [.init(system: "mosaic", value: "P77812")],
        givenNames: ["Aoife"], familyName: "O'Brien",
        otherNames: [.init(use: .previous, familyName: "Smith-Jones")], birthDate: "2022-06-30", sex: .female, postcode: "L8 7NJ")
    /// A newborn before naming: matched on family name and date of birth.
    static let babySmith = Subject(givenNames: ["Baby"], familyName: "Smith", birthDate: "2025-03-02", sex: .unknown, postcode: "W6 9JU")
    static let unborn = Subject(localIDs: [.init(system: "systmone", value: "ANT-4471")], familyName: "Smith-Jones", expectedBirthDate: "2025-08-19")

    static let health = LawfulBasis(article6: .publicTask, article9: .healthOrSocialCare, dpaSchedule1Paragraph: 2)
    static let safeguarding = LawfulBasis(article6: .publicTask, article9: .substantialPublicInterest, dpaSchedule1Paragraph: 18)
    static let education = LawfulBasis(article6: .legalObligation)

    static func provenance(_ adapter: String, _ origin: String) -> Provenance {
        Provenance(adapter: adapter, mappingID: "\(adapter)-to-event", mappingVersion: "1.0.0", origin: origin, receivedAt: "2025-03-04T10:15:02.123Z")
    }

    static func event(
        _ number: Int, _ payload: Payload, source: Source = healthVisiting, subject: Subject = sian,
        lawfulBasis: LawfulBasis = health, specialCategory: Bool = true, action: Action = .new,
        parentalConsent: ParentalConsent? = nil, dataQuality: [DataQualityFinding] = []
    ) -> EarlyYearsEvent {
        EarlyYearsEvent(
            eventID: String(repeating: "0", count: 56) + String(UInt32(number) &* 2_654_435_761, radix: 16).leftPadded(to: 8),
            action: action, occurredAt: "2025-03-04T09:30:00Z", recordedAt: "2025-03-04T10:15:00+00:00",
            source: source, subject: subject, lawfulBasis: lawfulBasis, specialCategory: specialCategory,
            parentalConsent: parentalConsent, retainUntil: "2048-01-14", dataQuality: dataQuality,
            provenance: provenance(source.system.lowercased(), "events.raw/0/\(1000 + number)"), payload: payload)
    }

    static let asq3 = DevelopmentalReviewPayload(
        instrument: .asq3, intervalMonths: 27, completedOn: "2025-04-15",
        areas: [
            .init(area: .communication, score: 20, band: .belowCutoff, cutoff: 24.02),
            .init(area: .grossMotor, score: 55, band: .aboveCutoff),
            .init(area: .fineMotor, score: 40, band: .aboveCutoff),
            .init(area: .problemSolving, score: 35, band: .monitoring),
            .init(area: .personalSocial, score: 60, band: .aboveCutoff),
        ],
        sourceCode: .init(code: "716619000", codeSystem: Coding.snomedCT))

    static let valid: [EarlyYearsEvent] = [
        event(1, .contact(.init(
            contactType: .newBaby, attended: true, contactDate: "2025-03-12",
            encounterCode: .init(code: "0023", codeSystem: Coding.dchEncounterType), professionalRole: "health_visitor")),
            subject: babySmith),
        event(2, .contact(.init(contactType: .antenatal, attended: false, contactDate: "2025-06-01")), subject: unborn),
        event(3, .developmentalReview(asq3)),
        event(4, .developmentalReview(.init(
            instrument: .asqSE2, intervalMonths: 24, completedOn: "2025-01-20",
            areas: [.init(area: .socialEmotional, score: 105, band: .monitoring, cutoff: 95)]))),
        event(5, .progressCheckTwo(.init(
            completedOn: "2025-02-10",
            primeAreas: [
                .init(area: .communicationAndLanguage, onTrack: false, summary: "Uses around 20 words; understands simple instructions."),
                .init(area: .physicalDevelopment, onTrack: true),
                .init(area: .personalSocialEmotionalDevelopment, onTrack: true, summary: "Settles well; plays alongside others."),
            ],
            areasOfConcern: ["communication_and_language"], parentalConsentToShare: true, integratedReview: true,
            settingURN: "EY512345")),
            source: nursery, lawfulBasis: education, specialCategory: false, parentalConsent: .given),
        event(6, .eyfsProfile(.init(
            assessedOn: "2028-06-20",
            goals: EYFSProfilePayload.Goal.allCases.map { .init(goal: $0, outcome: $0 == .writing ? .emerging : .expected) },
            goodLevelOfDevelopment: false)),
            source: Source(orgType: .school, orgCode: "107500", system: "SIMS", recordID: "adno-4471"), subject: aoife,
            lawfulBasis: education, specialCategory: false),
        event(7, .enrolment(.init(
            settingURN: "EY512345", settingName: "Little Acorns Nursery", startDate: "2025-01-06",
            fundedHours: .init(type: .twoYearOld, hoursPerWeek: 15), eypp: true, daf: false, senProvision: .senSupport)),
            source: nursery, lawfulBasis: education, specialCategory: false, action: .update),
        event(8, .attendanceSummary(.init(periodStart: "2025-01-06", periodEnd: "2025-03-28", sessionsExpected: 60, sessionsAttended: 51)),
            source: nursery, lawfulBasis: education, specialCategory: false),
        event(9, .concern(.init(
            domain: .speechLanguageCommunication, severity: .medium, status: .open, raisedOn: "2025-02-10",
            summary: "Limited expressive language for age.")),
            source: nursery, lawfulBasis: education, specialCategory: false,
            dataQuality: [.init(rule: "postcode_format", path: "subject.postcode", severity: .warning, message: "postcode normalised")]),
        event(10, .referral(.init(
            toService: .speechLanguageTherapy, referredOn: "2025-04-16",
            source: .init(code: "3B", codeSystem: Coding.cinCensus2024), outcome: .pending))),
        event(11, .earlyHelpEpisode(.init(
            assessmentStart: "2024-11-04", assessmentCompleted: "2024-12-02", episodeClosed: "2025-03-01",
            leadOrganisation: "Leeds Early Help Hub", closureReason: "Outcomes achieved")),
            source: council, subject: aoife, lawfulBasis: safeguarding),
        event(12, .cinReferral(.init(referralDate: "2024-09-12", referralSource: .code3B, primaryNeed: .n1, closureDate: "2025-02-28", reasonForClosure: .rc9)),
            source: council, subject: aoife, lawfulBasis: safeguarding),
        event(13, .assessment(.init(startDate: "2024-09-13", authorisedDate: "2024-10-20", factors: ["1A", "2B", "21"])),
            source: council, subject: aoife, lawfulBasis: safeguarding),
        event(14, .childProtectionPlan(.init(startDate: "2024-10-25", endDate: "2025-04-25", initialCategory: .neglect, latestCategory: .multiple)),
            source: council, subject: aoife, lawfulBasis: safeguarding),
        event(15, .lookedAfter(.init(startDate: "2025-01-10", legalStatus: "C2")), source: council, subject: aoife, lawfulBasis: safeguarding),
        event(16, .ehcp(.init(requestDate: "2025-01-15", assessmentDecisionDate: "2025-02-26", status: .assessing)),
            source: council, subject: aoife, lawfulBasis: education),
        event(17, .safeguardingFlag(.init(
            flag: .lookedAfter, status: .active, recordedOn: "2025-01-10",
            code: .init(code: "764841000000100", codeSystem: Coding.snomedCT))),
            source: council, subject: aoife, lawfulBasis: safeguarding),
        event(18, .demographicsUpdate(.init(changedFields: ["address.lines", "address.postcode", "postcode"])), action: .update),
        event(19, .demographicsUpdate(.init()), subject: babySmith, action: .update),
        event(20, .multiServiceAlert(alert), source: hub, action: .update),
    ]

    static let hub = Source(orgType: .integrationHub, orgCode: "eyhub", orgName: "Early Years Hub", system: "eyhub correlator",
                            recordID: "al_0123456789abcdef0123456789abcdef", recordVersion: "2")

    static let alert = MultiServiceAlertPayload(
        alertID: "al_0123456789abcdef0123456789abcdef", state: .acknowledged, sequence: 2, severity: .high,
        ruleID: "multi-service-concern", ruleVersion: "1.0", raisedOn: "2025-05-20",
        services: [
            .init(orgType: .healthVisiting, orgCode: "RCD", orgName: "Durham Health Visiting", flags: [
                .init(rule: "asq3-area-below-cutoff", domain: .speechLanguageCommunication, severity: .medium, flaggedOn: "2025-05-02",
                      description: "ASQ-3 communication below cut-off", evidenceEventID: String(repeating: "a", count: 64)),
            ]),
            .init(orgType: .earlyYearsSetting, orgCode: "EY512345", orgName: "Sunny Days Nursery", flags: [
                .init(rule: "progress-check-prime-area-not-on-track", domain: .speechLanguageCommunication, severity: .medium,
                      flaggedOn: "2025-05-20", description: "progress check at two: communication and language not on track",
                      evidenceEventID: String(repeating: "b", count: 64)),
            ]),
        ],
        domains: [.speechLanguageCommunication], sharedDomains: [.speechLanguageCommunication],
        explanation: "Communication concern from Durham Health Visiting and Sunny Days Nursery",
        nextStep: "Offer an integrated review", changedBy: "Jo Bloggs (on call)", changeNote: "Called the health visitor")
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        String(repeating: "0", count: max(0, width - count)) + self
    }
}
