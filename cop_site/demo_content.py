"""Demo content for the practice stories part of the Leerkring site.

Pure data: the loader turns these constants into themes, organisations, pages and
reports. The facts come from the seed pages; all wording is our own. Contact persons,
quotes and example.org/example.nl addresses are fictional.
"""

THEMES = [
    {
        "slug": "bewonersparticipatie",
        "name": "Bewonersparticipatie",
        "description": (
            "Hoe bewoners vanaf de eerste stap meedenken, meepraten en meebeslissen over de "
            "overstap van hun buurt naar een warmtebron zonder aardgas."
        ),
    },
    {
        "slug": "samenwerking-met-gemeente",
        "name": "Samenwerking met de gemeente",
        "description": (
            "Afspraken over rollen, verwachtingen en ondersteuning tussen ambtenaren en "
            "bewonersinitiatieven, en hoe je die relatie onderhoudt zolang de wijkaanpak loopt."
        ),
    },
    {
        "slug": "energiecooperaties",
        "name": "Energiecoöperaties",
        "description": (
            "Door bewoners opgerichte coöperaties die lokale kennis, netwerken en een "
            "democratische basis meebrengen in de warmtetransitie."
        ),
    },
    {
        "slug": "warmtenet",
        "name": "Warmtenet",
        "description": (
            "Collectieve warmtevoorziening voor een buurt: van het eerste idee tot het "
            "slim combineren van de aanleg met ander werk in de straat."
        ),
    },
    {
        "slug": "communicatie",
        "name": "Communicatie",
        "description": (
            "Wie vertelt het verhaal, via welk kanaal en op welk moment? Over boodschappers, "
            "bewonersavonden en het bereiken van mensen die nog niet met energie bezig zijn."
        ),
    },
    {
        "slug": "klankbordgroep",
        "name": "Klankbordgroep",
        "description": (
            "Een groep bewoners die plannen te zien krijgt voordat de hele wijk ze hoort, en "
            "hoe je ervoor zorgt dat die groep echt een afspiegeling van de buurt is."
        ),
    },
    {
        "slug": "informele-netwerken",
        "name": "Informele netwerken",
        "description": (
            "Buurthuizen, sportclubs, scholen, bibliotheken en andere plekken waar bewoners "
            "elkaar al treffen, en die een wijkaanpak op gang kunnen helpen."
        ),
    },
    {
        "slug": "sleutelfiguren",
        "name": "Sleutelfiguren en ambassadeurs",
        "description": (
            "Mensen die in de buurt vertrouwd en geworteld zijn en daardoor anderen kunnen "
            "meenemen, ook als ze geen bestuursfunctie hebben."
        ),
    },
    {
        "slug": "jongeren-en-scholen",
        "name": "Jongeren en scholen",
        "description": (
            "Kinderen en leerlingen als makers en vertellers van de energietransitie, en als "
            "route naar hun ouders."
        ),
    },
    {
        "slug": "leren-van-elkaar",
        "name": "Leren van elkaar",
        "description": (
            "Initiatieven en gemeenten die ervaringen uitwisselen in kleine leergroepen en "
            "samen een groter netwerk vormen."
        ),
    },
]

ORGANISATIONS = [
    {
        "key": "dorpsraad-stad-aan-t-haringvliet",
        "name": "Dorpsraad Stad aan 't Haringvliet",
        "kind": "dorpsraad",
        "municipality": "Goeree-Overflakkee",
        "neighbourhood": "Stad aan 't Haringvliet",
        "website": "",
        "description": (
            "Vrijwillige vertegenwoordiging van de inwoners van dit dorp op Goeree-Overflakkee. "
            "De dorpsraad praatte al mee voordat er een keuze lag om het dorp van het aardgas "
            "af te halen, en organiseerde de eerste bewonersavond over het project."
        ),
        "stage": "semi_professional",
    },
    {
        "key": "gemeente-goeree-overflakkee",
        "name": "Gemeente Goeree-Overflakkee",
        "kind": "gemeente",
        "municipality": "Goeree-Overflakkee",
        "neighbourhood": "",
        "website": "",
        "description": (
            "Eilandgemeente in Zuid-Holland. Werkt in Stad aan 't Haringvliet vanaf het begin "
            "samen met de dorpsraad en met bekende dorpsgenoten aan een alternatief voor "
            "aardgas."
        ),
        "stage": "",
    },
    {
        "key": "energiecooperatie-benedenbuurt",
        "name": "Energiecoöperatie Benedenbuurt",
        "kind": "energiecooperatie",
        "municipality": "Wageningen",
        "neighbourhood": "Benedenbuurt",
        "website": "https://example.org/energiecooperatie-benedenbuurt",
        "description": (
            "Opgericht op initiatief van een buurtbewoner toen de riolering in de Benedenbuurt "
            "aan vervanging toe was. De coöperatie wil die werkzaamheden benutten om meteen "
            "een warmtenet met een ecovat voor warmteopslag aan te leggen."
        ),
        "stage": "starting",
    },
    {
        "key": "gemeente-wageningen",
        "name": "Gemeente Wageningen",
        "kind": "gemeente",
        "municipality": "Wageningen",
        "neighbourhood": "",
        "website": "",
        "description": (
            "Gelderse gemeente die in de Benedenbuurt een bewonersinitiatief ondersteunt. Een "
            "ambtenaar met open oren voor de ideeën van de buurt is daar vanaf het begin "
            "aanspreekpunt."
        ),
        "stage": "",
    },
    {
        "key": "grunneger-power",
        "name": "Grunneger Power",
        "kind": "energiecooperatie",
        "municipality": "Groningen",
        "neighbourhood": "",
        "website": "",
        "description": (
            "Lokale energiecoöperatie in de stad Groningen, ooit opgezet door inwoners zelf. "
            "Brengt samen met de gemeente in kaart wie aan de slag wil en houdt bewoners met "
            "regelmatige avonden op de hoogte van de wijkaanpak."
        ),
        "stage": "professional",
    },
    {
        "key": "gemeente-groningen",
        "name": "Gemeente Groningen",
        "kind": "gemeente",
        "municipality": "Groningen",
        "neighbourhood": "",
        "website": "",
        "description": (
            "Trekt in de wijkaanpak nauw op met Grunneger Power en het energieloket, zodat "
            "bewoners die willen verduurzamen snel bij de juiste hulp terechtkomen."
        ),
        "stage": "",
    },
    {
        "key": "energieloket-groningen",
        "name": "Energieloket Groningen",
        "kind": "overig",
        "municipality": "Groningen",
        "neighbourhood": "",
        "website": "",
        "description": (
            "Loket waar inwoners terechtkunnen met vragen over energiebesparing. Zet acties op "
            "touw en helpt huishoudens bij het daadwerkelijk uitvoeren van maatregelen in huis."
        ),
        "stage": "professional",
    },
    {
        "key": "gemeente-tilburg",
        "name": "Gemeente Tilburg",
        "kind": "gemeente",
        "municipality": "Tilburg",
        "neighbourhood": "",
        "website": "",
        "description": (
            "Brabantse gemeente die in haar wijkaanpakken zoekt naar goede startmotoren, zoals "
            "de bibliotheek en basisscholen, om bewoners bij de energietransitie te betrekken."
        ),
        "stage": "",
    },
    {
        "key": "basisschool-de-wichelroede",
        "name": "Basisschool De Wichelroede",
        "kind": "overig",
        "municipality": "Tilburg",
        "neighbourhood": "De Kuil",
        "website": "",
        "description": (
            "Basisschool in de Tilburgse wijk De Kuil. Leerlingen bouwden hier een schaalmodel "
            "van een elektrische deelauto, het begin van een lesproject dat inmiddels ook naar "
            "andere scholen in de stad gaat."
        ),
        "stage": "",
    },
    {
        "key": "bibliotheek-tilburg",
        "name": "Bibliotheek Tilburg",
        "kind": "overig",
        "municipality": "Tilburg",
        "neighbourhood": "",
        "website": "",
        "description": (
            "Openbare bibliotheek die voor de gemeente als laagdrempelige ontmoetingsplek dient "
            "om buurtbewoners over de wijkaanpak te bereiken. Stelde ook de modelauto's van de "
            "leerlingen uit De Kuil tentoon."
        ),
        "stage": "",
    },
    {
        "key": "gemeente-zeist",
        "name": "Gemeente Zeist",
        "kind": "gemeente",
        "municipality": "Zeist",
        "neighbourhood": "",
        "website": "",
        "description": (
            "Utrechtse gemeente die voor de wijk Austerlitz bewust werk maakte van een "
            "gevarieerde klankbordgroep, met een matrix als hulpmiddel bij het uitnodigen."
        ),
        "stage": "",
    },
    {
        "key": "klankbordgroep-austerlitz",
        "name": "Klankbordgroep Austerlitz",
        "kind": "overig",
        "municipality": "Zeist",
        "neighbourhood": "Austerlitz",
        "website": "",
        "description": (
            "Twaalf dorpsbewoners uit verschillende woningtypen, levensfasen en huishoudens. "
            "De groep krijgt voorstellen uit de wijkaanpak te zien voordat ze breed in "
            "Austerlitz worden gedeeld."
        ),
        "stage": "starting",
    },
    {
        "key": "gemeente-den-haag",
        "name": "Gemeente Den Haag",
        "kind": "gemeente",
        "municipality": "Den Haag",
        "neighbourhood": "",
        "website": "",
        "description": (
            "Het projectteam van de wijkaanpak in Moerwijk-oost investeert in relaties met "
            "bewoners die in de buurt vertrouwen genieten, ook buiten het energiedossier om."
        ),
        "stage": "",
    },
    {
        "key": "inloophuis-moerwijk-oost",
        "name": "Inloophuis Moerwijk-oost",
        "kind": "welzijnsorganisatie",
        "municipality": "Den Haag",
        "neighbourhood": "Moerwijk-oost",
        "website": "",
        "description": (
            "Een door een buurtbewoonster gerunde plek waar wijkgenoten zonder afspraak kunnen "
            "binnenlopen. Met hulp van het projectteam vond het inloophuis een nieuw onderkomen."
        ),
        "stage": "semi_professional",
    },
    {
        "key": "bewonerscooperatie-zwolle",
        "name": "Bewonerscoöperatie Zwolle",
        "kind": "energiecooperatie",
        "municipality": "Zwolle",
        "neighbourhood": "",
        "website": "https://example.org/bewonerscooperatie-zwolle",
        "description": (
            "Coöperatie van Zwolse bewoners die samenwerkt met de gemeente en de "
            "woningcorporaties. Neemt deel aan een community of practice waarin initiatieven "
            "en ambtenaren van het energietransitieteam elkaar regelmatig spreken."
        ),
        "stage": "semi_professional",
    },
    {
        "key": "gelders-energieakkoord",
        "name": "Gelders Energieakkoord",
        "kind": "overig",
        "municipality": "Arnhem",
        "neighbourhood": "",
        "website": "",
        "description": (
            "Samenwerkingsverband in Gelderland dat wijkinitiatieven met elkaar in contact "
            "brengt. Initiatieven leren in kleine groepen van elkaar, die samen weer een "
            "breder netwerk vormen."
        ),
        "stage": "professional",
    },
]

PRACTICE_CASES = [
    {
        "slug": "stad-aan-t-haringvliet-dorpsraad-vanaf-het-begin",
        "title": "Stad aan 't Haringvliet: de dorpsraad zat al aan tafel vóór het besluit",
        "summary": (
            "Nog voordat de gemeente koos voor een aardgasvrije aanpak in Stad aan 't "
            "Haringvliet, ging zij in gesprek met de dorpsraad. Dat overleg hielp bij de keuze "
            "om een onderzoek te beginnen. Op de eerste bewonersavond lieten kinderen zien hoe "
            "zij hun dorp in de toekomst voor zich zien."
        ),
        "place": "Stad aan 't Haringvliet",
        "municipality": "Goeree-Overflakkee",
        "publisher": "dorpsraad-stad-aan-t-haringvliet",
        "organisations": ["dorpsraad-stad-aan-t-haringvliet", "gemeente-goeree-overflakkee"],
        "themes": ["bewonersparticipatie", "samenwerking-met-gemeente", "jongeren-en-scholen"],
        "phase": "1-verkennen",
        "track": "A",
        "body": [
            (
                "paragraph",
                "<h2>Vroeg aan tafel</h2>"
                "<p>In veel plaatsen horen bewoners pas van een wijkaanpak als de plannen al "
                "vastliggen. In Stad aan 't Haringvliet liep het andersom: de gemeente "
                "Goeree-Overflakkee zocht de dorpsraad op toen er nog niets besloten was. Die "
                "gesprekken droegen eraan bij dat het dorp werd gekozen voor een verkenning "
                "naar een alternatief voor aardgas.</p>",
            ),
            (
                "paragraph",
                "<h2>Rollen helder maken</h2>"
                "<p>Gemeente en dorpsraad spraken al in een vroeg stadium uit wat ze van elkaar "
                "verwachtten en wie welke taken oppakt. Zo werd voorkomen dat de vrijwilligers "
                "van de dorpsraad te veel op hun bord kregen, of juist te weinig ruimte voor "
                "hun inbreng.</p>",
            ),
            (
                "quote",
                {
                    "text": (
                        "We wilden niet pas gebeld worden als alles al rond was. Nu konden we "
                        "vanaf dag één meedenken over hoe het dorp erbij betrokken wordt."
                    ),
                    "attribution": "Anne de Vries, secretaris dorpsraad (fictief)",
                },
            ),
            (
                "paragraph",
                "<h2>Een bewonersavond met een tentoonstelling</h2>"
                "<p>De eerste bewonersavond werd door de dorpsraad zelf georganiseerd. Kinderen "
                "uit het dorp exposeerden daar hun beeld van hoe Stad aan 't Haringvliet er "
                "later uit zou kunnen zien. Dat gaf de avond een luchtige, hoopvolle toon en "
                "bracht ook ouders en grootouders naar binnen.</p>",
            ),
            (
                "more_information",
                {
                    "heading": "Meer informatie",
                    "links": [
                        {
                            "title": "Verslag van de eerste bewonersavond",
                            "url": "https://example.org/stad-aan-t-haringvliet/bewonersavond",
                        }
                    ],
                },
            ),
        ],
        "lessons_learned": (
            "<ul>"
            "<li>Betrek de bestaande bewonersorganisatie al voordat er een besluit ligt.</li>"
            "<li>Bespreek vroeg wie wat doet en wat je van elkaar mag verwachten.</li>"
            "<li>Laat de bewonersorganisatie zelf de eerste avond vormgeven; kinderen trekken "
            "een breder publiek.</li>"
            "</ul>"
        ),
        "contact_name": "Anne de Vries",
        "contact_role": "secretaris van de dorpsraad",
        "first_published": "2025-02-11",
    },
    {
        "slug": "stad-aan-t-haringvliet-oud-huisarts-als-verbinder",
        "title": "De oud-huisarts als verbinder in Stad aan 't Haringvliet",
        "summary": (
            "In Stad aan 't Haringvliet denkt de vroegere huisarts enthousiast mee over de "
            "techniek én over het meenemen van dorpsgenoten. Dankzij hem haken activiteiten "
            "in het dorp, zoals een sportevenement, vanzelf aan bij het project."
        ),
        "place": "Stad aan 't Haringvliet",
        "municipality": "Goeree-Overflakkee",
        "publisher": "gemeente-goeree-overflakkee",
        "organisations": ["gemeente-goeree-overflakkee", "dorpsraad-stad-aan-t-haringvliet"],
        "themes": ["sleutelfiguren", "informele-netwerken", "communicatie"],
        "phase": "2-karakteriseren",
        "track": "A",
        "body": [
            (
                "paragraph",
                "<p>Wie in een dorp jarenlang huisarts is geweest, kent vrijwel iedereen. In "
                "Stad aan 't Haringvliet is de voormalige dorpsdokter bij het project over "
                "aardgasvrij wonen betrokken geraakt. Hij heeft er zin in en denkt op twee "
                "fronten mee: wat technisch haalbaar is, en hoe je inwoners het beste "
                "meekrijgt.</p>",
            ),
            (
                "paragraph",
                "<h2>Het project koppelen aan wat er al gebeurt</h2>"
                "<p>Zijn grootste kracht blijkt het leggen van verbindingen. Als er in het dorp "
                "iets georganiseerd wordt, bijvoorbeeld een sportevenement, zorgt hij ervoor dat "
                "het project daar als vanzelfsprekend een plek krijgt. Zo komt het onderwerp op "
                "plekken waar mensen toch al samenkomen.</p>",
            ),
            (
                "quote",
                {
                    "text": (
                        "Een bekend gezicht opent deuren die voor de gemeente dicht blijven. "
                        "Zoek zo iemand, en gun hem of haar de ruimte."
                    ),
                    "attribution": "Mark Visser, projectleider warmtetransitie (fictief)",
                },
            ),
            (
                "paragraph",
                "<h3>Hoe vind je zo'n verbinder?</h3>"
                "<ul><li>Vraag collega's die in de wijk werken wie er echt gezag heeft.</li>"
                "<li>Kijk verder dan het bestuur van de wijk- of dorpsraad.</li>"
                "<li>Let op mensen die zowel technisch als sociaal willen meedenken.</li></ul>",
            ),
        ],
        "lessons_learned": (
            "<ul>"
            "<li>Invloedrijke bewoners zitten niet altijd in een formeel bestuur.</li>"
            "<li>Sluit aan bij bestaande dorpsactiviteiten in plaats van alleen eigen "
            "bijeenkomsten te plannen.</li>"
            "<li>Combineer technische en sociale kennis in één aanspreekpunt.</li>"
            "</ul>"
        ),
        "contact_name": "Mark Visser",
        "contact_role": "projectleider warmtetransitie, gemeente (fictief)",
        "first_published": "2025-04-03",
    },
    {
        "slug": "wageningen-benedenbuurt-van-straatfeest-tot-warmtenet",
        "title": "Benedenbuurt Wageningen: van klimaatstraatfeest naar eigen warmtenet",
        "summary": (
            "In de Wageningse Benedenbuurt begon de wijkaanpak bij bewoners, met een zelf "
            "bedacht klimaatstraatfeest. Een betrokken ambtenaar steunde hen het hele traject. "
            "Nu de riolering vervangen moet worden, wil een nieuwe energiecoöperatie meteen een "
            "warmtenet met ecovat aanleggen."
        ),
        "place": "Benedenbuurt",
        "municipality": "Wageningen",
        "publisher": "energiecooperatie-benedenbuurt",
        "organisations": ["energiecooperatie-benedenbuurt", "gemeente-wageningen"],
        "themes": ["energiecooperaties", "warmtenet", "samenwerking-met-gemeente"],
        "phase": "3-plan",
        "track": "B",
        "body": [
            (
                "paragraph",
                "<h2>Het begon met een feest</h2>"
                "<p>Niet de gemeente, maar de buurt zelf zette de eerste stap. Bewoners van de "
                "Benedenbuurt verzonnen een klimaatstraatfeest, en dat sloeg aan: veel "
                "buurtgenoten raakten enthousiast over het duurzamer maken van hun wijk.</p>",
            ),
            (
                "paragraph",
                "<h2>Een ambtenaar die bleef meedoen</h2>"
                "<p>De bewoners vonden bij de gemeente Wageningen een ambtenaar die hun ideeën "
                "serieus nam. Die steun bleek niet alleen bij de start, maar gedurende de hele "
                "aanpak onmisbaar. Een gemeente kan niet verwachten dat vrijwilligers alles "
                "zelf oplossen; heldere afspraken en goed contact blijven nodig.</p>",
            ),
            (
                "paragraph",
                "<h2>Werk met werk maken</h2>"
                "<p>Toen bleek dat de riolering in de buurt vervangen moest worden, richtte een "
                "bewoner een energiecoöperatie op. Het idee: de straat ligt toch al open, dus "
                "leg dan direct (een deel van) een warmtenet aan, met een ecovat om warmte op "
                "te slaan. De gemeente reageerde positief en onderzoekt samen met de coöperatie "
                "hoe dat kan.</p>",
            ),
            (
                "quote",
                {
                    "text": (
                        "Als de straat toch openligt, is dit hét moment. Het scheelt overlast "
                        "en kosten als je het in één keer goed doet."
                    ),
                    "attribution": "Joris Hendriks, bestuurslid energiecoöperatie (fictief)",
                },
            ),
            (
                "more_information",
                {
                    "heading": "Meer informatie",
                    "links": [
                        {
                            "title": "Zo werkt een ecovat (uitleg van de coöperatie)",
                            "url": "https://example.org/energiecooperatie-benedenbuurt/ecovat",
                        },
                        {
                            "title": "Tijdlijn van de Benedenbuurt-aanpak",
                            "url": "https://example.org/energiecooperatie-benedenbuurt/tijdlijn",
                        },
                    ],
                },
            ),
        ],
        "lessons_learned": (
            "<ul>"
            "<li>Een luchtige buurtactiviteit kan de vonk zijn voor een serieuze wijkaanpak.</li>"
            "<li>Blijf als gemeente een initiatief ondersteunen, ook als het goed loopt.</li>"
            "<li>Gebruik geplande werkzaamheden in de openbare ruimte als kans voor "
            "collectieve warmte.</li>"
            "</ul>"
        ),
        "contact_name": "Joris Hendriks",
        "contact_role": "bestuurslid energiecoöperatie (fictief)",
        "first_published": "2025-05-20",
    },
    {
        "slug": "groningen-gemeente-cooperatie-en-energieloket-samen",
        "title": "Groningen: gemeente, Grunneger Power en energieloket trekken samen op",
        "summary": (
            "In Groningen verdelen drie partijen het werk: gemeente en Grunneger Power zoeken "
            "bewoners die aan de slag willen, het energieloket helpt hen met de uitvoering. "
            "Bewoners blijken de lokale coöperatie eerder te vertrouwen dan de gemeente, omdat "
            "die door buurtgenoten is opgericht."
        ),
        "place": "Groningen",
        "municipality": "Groningen",
        "publisher": "grunneger-power",
        "organisations": ["grunneger-power", "gemeente-groningen", "energieloket-groningen"],
        "themes": ["energiecooperaties", "samenwerking-met-gemeente", "communicatie"],
        "phase": "5-uitvoeren",
        "track": "C",
        "body": [
            (
                "paragraph",
                "<h2>Een duidelijke taakverdeling</h2>"
                "<p>De gemeente Groningen, energiecoöperatie Grunneger Power en het "
                "energieloket werken nauw samen in de wijkaanpak. Ieder doet waar hij goed in "
                "is:</p>"
                "<ul><li><strong>Gemeente en Grunneger Power</strong> brengen eerst in beeld "
                "welke bewoners willen beginnen, en verwijzen hen door.</li>"
                "<li><strong>Het energieloket</strong> zet acties op en helpt huishoudens "
                "praktisch bij het treffen van maatregelen.</li>"
                "<li><strong>Grunneger Power</strong> houdt de buurt met regelmatige "
                "bewonersavonden op de hoogte van de voortgang.</li></ul>",
            ),
            (
                "paragraph",
                "<h2>Wie brengt de boodschap?</h2>"
                "<p>Een opvallende ervaring: bewoners luisteren beter naar een coöperatie uit "
                "de eigen stad dan naar de gemeente. Dat is logisch, want de coöperatie is door "
                "inwoners zelf opgericht en voelt minder als 'de overheid'.</p>",
            ),
            (
                "quote",
                {
                    "text": (
                        "Mensen zien ons als buren, niet als loket. Daardoor durven ze eerder "
                        "hun vragen te stellen."
                    ),
                    "attribution": "Sanne Bakker, vrijwilliger bewonersavonden (fictief)",
                },
            ),
            (
                "more_information",
                {
                    "heading": "Meer informatie",
                    "links": [
                        {
                            "title": "Agenda van komende bewonersavonden",
                            "url": "https://example.org/groningen/bewonersavonden",
                        }
                    ],
                },
            ),
        ],
        "lessons_learned": (
            "<ul>"
            "<li>Spreek af wie werft, wie begeleidt en wie informeert.</li>"
            "<li>Laat de lokale coöperatie het gezicht naar bewoners zijn waar dat kan.</li>"
            "<li>Houd bewoners tussentijds op de hoogte, ook als er weinig nieuws is.</li>"
            "</ul>"
        ),
        "contact_name": "Sanne Bakker",
        "contact_role": "vrijwilliger bewonersavonden (fictief)",
        "first_published": "2025-07-08",
    },
    {
        "slug": "tilburg-bibliotheek-als-startmotor",
        "title": "Tilburg: de bibliotheek als startmotor na een minder geslaagde eerste poging",
        "summary": (
            "In een Tilburgse wijk wilde de gemeente buurtbewoners bereiken via zes "
            "gepensioneerden die hun energierekening al flink hadden verlaagd. Omdat dit "
            "groepje weinig wortels in de wijk had, sloeg hun verhaal niet aan. Nu fungeert de "
            "bibliotheek als startpunt."
        ),
        "place": "Tilburg",
        "municipality": "Tilburg",
        "publisher": "gemeente-tilburg",
        "organisations": ["gemeente-tilburg", "bibliotheek-tilburg"],
        "themes": ["informele-netwerken", "sleutelfiguren", "bewonersparticipatie"],
        "phase": "2-karakteriseren",
        "track": "A",
        "body": [
            (
                "paragraph",
                "<h2>Een veelbelovend groepje</h2>"
                "<p>Zes gepensioneerde bewoners hadden al van alles gedaan om minder energie te "
                "verbruiken. Helemaal zonder aardgas lukte hen nog niet, maar de gemeente "
                "Tilburg zag in hen een mooie ingang om de rest van de wijk over de "
                "energietransitie te vertellen.</p>",
            ),
            (
                "paragraph",
                "<h2>Waarom het niet werkte</h2>"
                "<p>De verwachte olievlek bleef uit. Het groepje was weliswaar actief, maar "
                "niet diep verankerd in de buurt. Andere bewoners herkenden zich niet in hen en "
                "voelden zich daardoor niet geroepen om aan te sluiten.</p>",
            ),
            (
                "paragraph",
                "<h2>Een plek in plaats van een groep</h2>"
                "<p>De gemeente koos daarna voor een andere startmotor: de bibliotheek. Daar "
                "komen allerlei wijkbewoners over de vloer, zonder drempel en zonder dat ze "
                "zich eerst met energie bezig hoeven te houden.</p>",
            ),
            (
                "quote",
                {
                    "text": (
                        "Enthousiasme alleen is niet genoeg. De vraag is: wie luistert er naar "
                        "deze mensen, en waar kom je elkaar al tegen?"
                    ),
                    "attribution": "Fatima El Amrani, wijkregisseur (fictief)",
                },
            ),
        ],
        "lessons_learned": (
            "<ul>"
            "<li>Kijk kritisch of een startgroep echt geworteld is in de wijk.</li>"
            "<li>Een vertrouwde, open plek kan beter werken dan een groep koplopers.</li>"
            "<li>Durf bij te sturen als een eerste aanpak weinig oplevert.</li>"
            "</ul>"
        ),
        "contact_name": "Fatima El Amrani",
        "contact_role": "wijkregisseur (fictief)",
        "first_published": "2025-09-16",
    },
    {
        "slug": "tilburg-de-kuil-schoolproject-elektrische-deelauto",
        "title": "De Kuil, Tilburg: leerlingen bouwen elektrische deelauto's en ouders doen mee",
        "summary": (
            "Op basisschool De Wichelroede bouwden kinderen een schaalmodel van een elektrische "
            "deelauto. Hun enthousiasme sloeg over op de ouders, en de auto's kregen een plek "
            "in de bibliotheek. Het project gaat nu ook naar andere Tilburgse basisscholen."
        ),
        "place": "De Kuil",
        "municipality": "Tilburg",
        "publisher": "basisschool-de-wichelroede",
        "organisations": [
            "basisschool-de-wichelroede",
            "gemeente-tilburg",
            "bibliotheek-tilburg",
        ],
        "themes": ["jongeren-en-scholen", "communicatie", "informele-netwerken"],
        "phase": "1-verkennen",
        "track": "A",
        "body": [
            (
                "paragraph",
                "<h2>Via de kinderen naar de ouders</h2>"
                "<p>Hoe bereik je mensen die nog nauwelijks met energie bezig zijn? In De Kuil "
                "lukte dat de gemeente Tilburg met een lesproject op basisschool De "
                "Wichelroede. Leerlingen gingen aan de slag met het bouwen van een model van "
                "een elektrische deelauto, en al snel raakten ook hun ouders betrokken.</p>",
            ),
            (
                "paragraph",
                "<h2>Meer dan een knutselproject</h2>"
                "<p>Bij het bouwen kwamen vanzelf grotere vragen op tafel: waar haal je de "
                "stroom vandaan om zo'n auto op te laden? Zo kwamen ook zonnepanelen aan bod. "
                "De modelbouwcursus krijgt een vervolg met nieuwe cursussen voor kinderen.</p>",
            ),
            (
                "paragraph",
                "<h2>Trots in de bibliotheek</h2>"
                "<p>De auto's werden tentoongesteld in de bibliotheek, tot grote trots van "
                "leerlingen en hun families. Daarmee kwam de energietransitie op een "
                "vertrouwde plek in de wijk dichtbij. Inmiddels wordt het project uitgebreid "
                "naar andere basisscholen in Tilburg.</p>",
            ),
            (
                "quote",
                {
                    "text": (
                        "Ouders die nooit op een informatieavond komen, stonden opeens in de "
                        "bibliotheek naar de auto van hun kind te kijken."
                    ),
                    "attribution": "Lotte Smits, leerkracht groep 7 (fictief)",
                },
            ),
            (
                "more_information",
                {
                    "heading": "Meer informatie",
                    "links": [
                        {
                            "title": "Lesbrief modelbouw elektrische deelauto",
                            "url": "https://example.org/de-wichelroede/lesbrief-deelauto",
                        }
                    ],
                },
            ),
        ],
        "lessons_learned": (
            "<ul>"
            "<li>Scholen zijn een ingang naar gezinnen die je anders niet bereikt.</li>"
            "<li>Laat kinderen iets maken waar ze trots op zijn en toon het publiek.</li>"
            "<li>Gebruik een concreet onderwerp als opstap naar bredere energievragen.</li>"
            "</ul>"
        ),
        "contact_name": "Lotte Smits",
        "contact_role": "leerkracht groep 7 (fictief)",
        "first_published": "2025-11-04",
    },
    {
        "slug": "zeist-austerlitz-representatieve-klankbordgroep",
        "title": "Austerlitz, Zeist: met een matrix naar een representatieve klankbordgroep",
        "summary": (
            "Zeist wilde in Austerlitz geen klankbordgroep vol gepensioneerde ingenieurs. De "
            "gemeente zette woningtypen, levensfasen en gezinssamenstellingen in een matrix en "
            "nodigde op basis daarvan 36 mensen uit. Twaalf zeiden ja, samen een gevarieerde "
            "afspiegeling van het dorp."
        ),
        "place": "Austerlitz",
        "municipality": "Zeist",
        "publisher": "gemeente-zeist",
        "organisations": ["gemeente-zeist", "klankbordgroep-austerlitz"],
        "themes": ["klankbordgroep", "bewonersparticipatie"],
        "phase": "2-karakteriseren",
        "track": "A",
        "body": [
            (
                "paragraph",
                "<h2>Het risico van de vaste gezichten</h2>"
                "<p>Een klankbordgroep trekt al snel mensen met veel tijd en technische kennis. "
                "Dat is waardevol, maar geeft geen goed beeld van een hele wijk. De gemeente "
                "Zeist wilde in Austerlitz een groep die evenwichtig is samengesteld en waaraan "
                "voorstellen worden voorgelegd voordat alle bewoners ze te zien krijgen.</p>",
            ),
            (
                "paragraph",
                "<h2>De matrix</h2>"
                "<p>De gemeente maakte een overzicht met op de ene as verschillende soorten "
                "woningen en op de andere as levensfasen en samenstellingen van huishoudens. "
                "Per vakje werd gezocht naar iemand die daarbij past.</p>"
                "<ul><li><strong>36</strong> bewoners met uiteenlopende achtergronden kregen "
                "een uitnodiging.</li>"
                "<li><strong>12</strong> van hen gingen op het aanbod in.</li></ul>",
            ),
            (
                "quote",
                {
                    "text": (
                        "Door gericht uit te nodigen zitten er nu jonge gezinnen, alleenstaanden "
                        "en ouderen aan tafel, uit rijtjeshuizen en vrijstaande woningen."
                    ),
                    "attribution": "Rik Jansen, participatieadviseur (fictief)",
                },
            ),
            (
                "paragraph",
                "<p>Een opkomst van een op de drie is geen slecht resultaat: het leverde een "
                "divers gezelschap op dat verschillende leeftijden, huishoudens en typen "
                "woningen vertegenwoordigt.</p>",
            ),
        ],
        "lessons_learned": (
            "<ul>"
            "<li>Bepaal vooraf welke groepen in de klankbordgroep vertegenwoordigd moeten "
            "zijn.</li>"
            "<li>Nodig ruim meer mensen uit dan je nodig hebt; niet iedereen zegt ja.</li>"
            "<li>Zoek naast technische kennis ook sociale talenten en gevoel voor de "
            "buurt.</li>"
            "</ul>"
        ),
        "contact_name": "Rik Jansen",
        "contact_role": "participatieadviseur (fictief)",
        "first_published": "2026-01-13",
    },
    {
        "slug": "den-haag-moerwijk-oost-inloophuis-ambassadeur",
        "title": "Moerwijk-oost, Den Haag: hulp bij een nieuw inloophuis levert een ambassadeur op",
        "summary": (
            "Het projectteam in Moerwijk-oost hielp een buurtbewoonster aan een nieuwe ruimte "
            "voor haar inloophuis. Daarmee won het haar vertrouwen, en nu is zij een "
            "belangrijke pleitbezorger van de wijkaanpak. Haar buren geloven haar eerder dan de "
            "gemeente of een energiebedrijf."
        ),
        "place": "Moerwijk-oost",
        "municipality": "Den Haag",
        "publisher": "inloophuis-moerwijk-oost",
        "organisations": ["inloophuis-moerwijk-oost", "gemeente-den-haag"],
        "themes": ["sleutelfiguren", "communicatie", "bewonersparticipatie"],
        "phase": "3-plan",
        "track": "A",
        "body": [
            (
                "paragraph",
                "<h2>De boodschapper telt</h2>"
                "<p>Of bewoners meedoen met een wijkaanpak hangt sterk af van wie het hun "
                "vertelt. Een folder van de gemeente of een brief van een energiebedrijf komt "
                "anders binnen dan een gesprek met iemand uit de eigen buurt.</p>",
            ),
            (
                "paragraph",
                "<h2>Eerst helpen, dan vragen</h2>"
                "<p>In Moerwijk-oost zocht een bewoonster een nieuwe locatie voor haar "
                "inloophuis. Het projectteam van de wijkaanpak hielp haar daarbij, ook al had "
                "dat niets met energie te maken. Die hulp gaf haar vertrouwen in het team en "
                "in de aanpak. Inmiddels vertelt zij haar buurtgenoten er zelf over.</p>",
            ),
            (
                "quote",
                {
                    "text": (
                        "Ze hebben mij geholpen toen ik ze nodig had. Dan help ik nu graag mee "
                        "om de buurt te laten weten wat er speelt."
                    ),
                    "attribution": "Bewoonster en gastvrouw van het inloophuis (fictief citaat)",
                },
            ),
            (
                "more_information",
                {
                    "heading": "Meer informatie",
                    "links": [
                        {
                            "title": "Openingstijden van het inloophuis",
                            "url": "https://example.org/inloophuis-moerwijk-oost",
                        }
                    ],
                },
            ),
        ],
        "lessons_learned": (
            "<ul>"
            "<li>Investeer in relaties, ook op onderwerpen buiten de warmtetransitie.</li>"
            "<li>Zoek boodschappers uit de eigen kring van bewoners.</li>"
            "<li>Vertrouwen ontstaat door iets voor elkaar te krijgen, niet door uitleg "
            "alleen.</li>"
            "</ul>"
        ),
        "contact_name": "Youssef Benali",
        "contact_role": "buurtwerker, projectteam wijkaanpak (fictief)",
        "first_published": "2026-02-24",
    },
    {
        "slug": "gelderland-kleine-leergroepen-groot-netwerk",
        "title": "Gelders Energieakkoord: kleine leergroepen die samen een netwerk vormen",
        "summary": (
            "Binnen het Gelders Energieakkoord zijn wijkinitiatieven aan elkaar gekoppeld om "
            "ervaringen uit te wisselen. Dat werkt het best in kleine, overzichtelijke groepen. "
            "Die groepjes delen hun belangrijkste lessen vervolgens in een breder netwerk."
        ),
        "place": "Gelderland",
        "municipality": "Arnhem",
        "publisher": "gelders-energieakkoord",
        "organisations": ["gelders-energieakkoord"],
        "themes": ["leren-van-elkaar", "informele-netwerken"],
        "phase": "1-verkennen",
        "track": "C",
        "body": [
            (
                "paragraph",
                "<h2>Niet steeds opnieuw het wiel uitvinden</h2>"
                "<p>Veel wijkinitiatieven lopen tegen dezelfde vragen aan. Het Gelders "
                "Energieakkoord bracht daarom initiatieven rond de wijkaanpak met elkaar in "
                "contact, zodat ze ervaringen kunnen uitwisselen en van elkaars successen en "
                "missers kunnen leren.</p>",
            ),
            (
                "paragraph",
                "<h2>Klein houden, groot verbinden</h2>"
                "<p>Belangrijk is dat een leergroep niet te veel deelnemers telt; anders wordt "
                "het onderlinge contact rommelig. De kleine groepen zijn op hun beurt "
                "verbonden in een groter netwerk, waarin de rode draad van de lessen wordt "
                "doorgegeven.</p>",
            ),
            (
                "quote",
                {
                    "text": (
                        "In een groepje van vijf durf je ook te vertellen wat er misging. Dat "
                        "zijn vaak de nuttigste verhalen."
                    ),
                    "attribution": "Eva Mulder, begeleider leergroepen (fictief)",
                },
            ),
        ],
        "lessons_learned": (
            "<ul>"
            "<li>Houd leergroepen klein zodat iedereen aan het woord komt.</li>"
            "<li>Verzamel per groep de kernlessen en deel die in het bredere netwerk.</li>"
            "</ul>"
        ),
        "contact_name": "Eva Mulder",
        "contact_role": "begeleider leergroepen (fictief)",
        "first_published": "2026-04-07",
    },
]

NETWORK = {
    "title": "Leernetwerk Aardgasvrije Wijken",
    "intro": (
        "<p>Gemeenten en bewonersinitiatieven leren hier van elkaars ervaringen met de "
        "overstap naar aardgasvrije wijken. We werken in kleine, overzichtelijke leerkringen "
        "waarin je openlijk kunt vertellen wat werkte en wat niet. Samen vormen die kringen "
        "één groot netwerk dat de belangrijkste lessen bundelt en doorgeeft.</p>"
    ),
}

PRACTICE_INDEX = {
    "title": "Uit de praktijk",
    "slug": "uit-de-praktijk",
    "intro": (
        "<p>Verhalen van dorpen, wijken en gemeenten die al onderweg zijn. Lees hoe zij "
        "bewoners betrokken, welke partners ze vonden en wat ze anders zouden doen. Filter op "
        "thema, fase van de wijkaanpak of spoor.</p>"
    ),
}

ORGANISATION_INDEX = {
    "title": "Initiatieven en organisaties",
    "slug": "initiatieven",
    "intro": (
        "<p>Een overzicht van gemeenten, energiecoöperaties, dorps- en wijkraden en andere "
        "partijen die aan de warmtetransitie in hun buurt werken. Bij elk initiatief zie je in "
        "welke groeifase het zit: van net begonnen tot volwassen organisatie.</p>"
    ),
    "report_intro": (
        "<p>Is er in jouw buurt al iets in gang gezet, zoals een energiegroep, een "
        "buurtvereniging of een klussenteam? Vul de initiatiefkaart in en vertel kort wie "
        "jullie zijn en wat jullie doen. Na een korte controle door de redactie verschijnt "
        "het initiatief in dit overzicht.</p>"
    ),
}

PENDING_REPORTS = [
    {
        "name": "Buurtvereniging De Zonnige Hoek",
        "kind": "buurtvereniging",
        "municipality": "Amersfoort",
        "neighbourhood": "Schothorst",
        "website": "",
        "description": (
            "Wij zijn een groep van ongeveer vijftien buren die samen radiatorfolie, "
            "tochtstrips en een warmtecamera delen. We willen graag weten hoe andere buurten "
            "de stap naar een gezamenlijke warmteoplossing hebben gezet."
        ),
        "reporter_name": "Peter van Dijk",
        "reporter_email": "peter.vandijk@example.nl",
    },
    {
        "name": "Energiewerkgroep Dorpshuis Workum",
        "kind": "overig",
        "municipality": "Súdwest-Fryslân",
        "neighbourhood": "Workum",
        "website": "https://example.org/dorpshuis-workum",
        "description": (
            "Werkgroep vanuit ons dorpshuis die energiecoaches opleidt en maandelijks een "
            "spreekuur houdt. We zoeken contact met dorpsraden die al verder zijn met een "
            "aardgasvrij plan."
        ),
        "reporter_name": "Jelle Postma",
        "reporter_email": "jelle.postma@example.nl",
    },
]

# ---------------------------------------------------------------------------------------
# Learning circles: a regional sub-network, circles, the people in them and their meetings.
# Names, bios and meeting reports are fictional; the places and situations come from the
# seeds. Dates are relative to the day the demo is loaded, so there is always a meeting
# behind and one ahead.
# ---------------------------------------------------------------------------------------

SUB_NETWORK = {
    "title": "Gelderse leerkringen",
    "slug": "gelderland",
    "intro": (
        "<p>Binnen het Gelders Energieakkoord zoeken wijkinitiatieven, gemeenten en hun "
        "partners elkaar op in kleine leerkringen. Zo hoeft geen enkele buurt opnieuw uit te "
        "vinden wat een paar dorpen verderop al is uitgeprobeerd. De kringen blijven bewust "
        "klein, zodat iedereen aan het woord komt.</p>"
        "<p>Wat de Gelderse kringen ontdekken, bundelt de regiocoördinator en geeft zij door "
        "aan het landelijke leernetwerk.</p>"
    ),
}

# Keys of PEOPLE below plus the basic demo users; "parent" is "root" or a sub-network slug.
CIRCLES = [
    {
        "key": "samenspel",
        "parent": "root",
        "title": "Samenspel gemeenten & bewonersinitiatieven",
        "slug": "samenspel-gemeenten-en-bewonersinitiatieven",
        "central_question": (
            "Hoe groeien een gemeente en een bewonersinitiatief uit tot gelijkwaardige "
            "partners in de warmtetransitie?"
        ),
        "description": (
            "<p>Waar bewoners zelf iets in gang zetten, groeit het draagvlak voor een "
            "aardgasvrije buurt aantoonbaar. Toch draaien zulke initiatieven op vrijwilligers, "
            "en ze hebben jaren nodig om uit te groeien tot een professionele partner.</p>"
            "<p>In deze kring leggen ambtenaren en initiatiefnemers hun ervaringen naast "
            "elkaar: wat regel je voordat je samen begint, hoe kom je tot afspraken over "
            "rollen, en hoe houd je de relatie gezond als de wijkaanpak lang duurt? De kring "
            "werkt toe naar handvatten die andere gemeenten direct kunnen gebruiken.</p>"
        ),
        "themes": ["samenwerking-met-gemeente", "bewonersparticipatie", "energiecooperaties"],
        "status": "active",
        "visibility": "open",
        "member_cap": 12,
        "start_in_days": -150,
        "runs_days": 365,
    },
    {
        "key": "wijkgericht",
        "parent": "gelderland",
        "title": "Community of Practice Wijkgericht werken",
        "slug": "community-of-practice-wijkgericht-werken",
        "central_question": (
            "Hoe werk je als gemeente samen met de groepen die al actief zijn in een wijk?"
        ),
        "description": (
            "<p>Wijkraden, buurtverenigingen, sportclubs en energiecoöperaties kennen een "
            "buurt vaak beter dan het gemeentehuis, en hun netwerk reikt verder. In deze "
            "besloten kring vertellen deelnemers openhartig hoe die samenwerking bij hen "
            "verloopt, juist ook waar het schuurt.</p>"
            "<p>Een vast voorbeeld is de Wageningse Benedenbuurt, waar een nieuwe coöperatie "
            "de geplande vervanging van het riool wil benutten voor een warmtenet met een "
            "ecovat.</p>"
        ),
        "themes": [
            "informele-netwerken",
            "samenwerking-met-gemeente",
            "energiecooperaties",
            "bewonersparticipatie",
        ],
        "status": "active",
        "visibility": "closed",
        "member_cap": 10,
        "start_in_days": -90,
        "runs_days": 300,
    },
    {
        "key": "startblokken",
        "parent": "root",
        "title": "Energiecoöperaties in de startblokken",
        "slug": "energiecooperaties-in-de-startblokken",
        "central_question": (
            "Wat heeft een pas opgerichte energiecoöperatie nodig om een serieuze partner in "
            "de wijkaanpak te worden?"
        ),
        "description": (
            "<p>Een bewust klein gezelschap: een coöperatie uit Groningen die al jaren meedraait "
            "en twee initiatieven die net zijn begonnen. Buurtbewoners luisteren vaak eerder "
            "naar een coöperatie die door buren is opgericht dan naar de gemeente; hoe benut "
            "je dat zonder je vrijwilligers te overvragen?</p>"
            "<p>Alle drie de plaatsen zijn bezet. Wie wil aansluiten, komt op de wachtlijst.</p>"
        ),
        "themes": ["energiecooperaties", "leren-van-elkaar", "samenwerking-met-gemeente"],
        "status": "forming",
        "visibility": "open",
        "member_cap": 3,
        "start_in_days": 30,
        "runs_days": 180,
    },
]

# Extra demo people. Every one gets the password "demo" and a verified address
# <username>@leerkring.example. "memberships" maps a circle key to (role, status); "listed"
# names the open circles whose public member list shows them (their profile is then public).
PEOPLE = [
    {
        "username": "mark",
        "first_name": "Mark",
        "last_name": "Visser",
        "organisation": "gemeente-goeree-overflakkee",
        "bio": (
            "Projectleider warmtetransitie op Goeree-Overflakkee. Zoekt in Stad aan 't "
            "Haringvliet steeds eerst de dorpsraad en bekende dorpsgenoten op."
        ),
        "memberships": {"samenspel": ("member", "active")},
        "listed": ["samenspel"],
    },
    {
        "username": "anne",
        "first_name": "Anne",
        "last_name": "de Vries",
        "organisation": "dorpsraad-stad-aan-t-haringvliet",
        "bio": (
            "Secretaris van de dorpsraad. Organiseerde de eerste bewonersavond over aardgasvrij, "
            "waar de kinderen van het dorp hun toekomstbeeld lieten zien."
        ),
        "memberships": {
            "samenspel": ("member", "active"),
            "startblokken": ("member", "waiting"),
        },
        "listed": ["samenspel"],
        "motivation": {
            "startblokken": (
                "In ons dorp wordt gepraat over een eigen coöperatie. Ik wil graag horen hoe "
                "anderen die eerste stappen hebben gezet."
            ),
        },
    },
    {
        "username": "hanneke",
        "first_name": "Hanneke",
        "last_name": "Bos",
        "organisation": "grunneger-power",
        "bio": (
            "Bestuurslid van Grunneger Power. Organiseert bewonersavonden over de wijkaanpak en "
            "brengt samen met de gemeente in kaart welke bewoners willen beginnen."
        ),
        "memberships": {
            "samenspel": ("member", "active"),
            "startblokken": ("facilitator", "active"),
        },
        "listed": ["samenspel"],
    },
    {
        "username": "pieter",
        "first_name": "Pieter",
        "last_name": "Smit",
        "organisation": "gemeente-groningen",
        "bio": (
            "Wijkcoördinator energie bij de gemeente Groningen. Verwijst bewoners die willen "
            "verduurzamen door naar het energieloket."
        ),
        "memberships": {"samenspel": ("member", "active")},
    },
    {
        "username": "yasmina",
        "first_name": "Yasmina",
        "last_name": "El Amrani",
        "organisation": "inloophuis-moerwijk-oost",
        "bio": (
            "Gastvrouw van het inloophuis in Moerwijk-oost. Vertelt buurtgenoten aan de "
            "koffietafel wat de wijkaanpak voor hen betekent."
        ),
        "memberships": {"samenspel": ("member", "active")},
    },
    {
        "username": "bram",
        "first_name": "Bram",
        "last_name": "Kok",
        "organisation": "bewonerscooperatie-zwolle",
        "bio": (
            "Vrijwilliger bij de Bewonerscoöperatie Zwolle, die om de twee weken overlegt met "
            "gemeente en woningcorporaties."
        ),
        "memberships": {
            "samenspel": ("member", "active"),
            "startblokken": ("member", "active"),
        },
    },
    {
        "username": "joris",
        "first_name": "Joris",
        "last_name": "Hendriks",
        "organisation": "energiecooperatie-benedenbuurt",
        "bio": (
            "Bestuurslid van de jonge Energiecoöperatie Benedenbuurt. Wil het warmtenet laten "
            "meeliften op de vervanging van de riolering."
        ),
        "memberships": {
            "wijkgericht": ("member", "active"),
            "startblokken": ("member", "active"),
        },
    },
    {
        "username": "wouter",
        "first_name": "Wouter",
        "last_name": "Peters",
        "organisation": "gemeente-tilburg",
        "bio": (
            "Wijkregisseur in Tilburg. Zoekt startmotoren voor de wijkaanpak in de bibliotheek "
            "en op basisscholen."
        ),
        "memberships": {"wijkgericht": ("member", "active")},
    },
    {
        "username": "sanne",
        "first_name": "Sanne",
        "last_name": "de Boer",
        "organisation": "klankbordgroep-austerlitz",
        "bio": (
            "Moeder van twee en lid van de klankbordgroep in Austerlitz, die voorstellen ziet "
            "voordat het hele dorp ze hoort."
        ),
        "memberships": {"wijkgericht": ("member", "active")},
    },
    {
        "username": "rik",
        "first_name": "Rik",
        "last_name": "Jansen",
        "organisation": "gemeente-zeist",
        "bio": (
            "Participatieadviseur bij de gemeente Zeist. Stelde met een matrix een gevarieerde "
            "klankbordgroep samen."
        ),
        "memberships": {"wijkgericht": ("member", "requested")},
        "motivation": {
            "wijkgericht": (
                "Onze klankbordgroep in Austerlitz staat. Nu wil ik leren hoe we ook de "
                "sportclub en de buurtvereniging bij de volgende stap betrekken."
            ),
        },
    },
]

# Profiles and memberships of the basic demo users (see load_demo.DEMO_USERS).
BASIC_PROFILES = {
    "facilitator": {
        "organisation": "gelders-energieakkoord",
        "bio": (
            "Begeleidt leerkringen voor het Gelders Energieakkoord en het landelijke netwerk. "
            "Houdt de groepen klein, zodat ook mislukkingen op tafel komen."
        ),
        "memberships": {
            "samenspel": ("facilitator", "active"),
            "wijkgericht": ("facilitator", "active"),
        },
        "listed": ["samenspel"],
    },
    "member": {
        "organisation": "gemeente-wageningen",
        "bio": (
            "Beleidsmedewerker warmtetransitie in Wageningen en aanspreekpunt voor de "
            "bewoners van de Benedenbuurt."
        ),
        "memberships": {
            "samenspel": ("member", "active"),
            "wijkgericht": ("member", "active"),
        },
    },
    "regio": {
        "organisation": "gelders-energieakkoord",
        "bio": (
            "Coördineert de Gelderse leerkringen en brengt hun beste lessen naar het landelijke "
            "netwerk."
        ),
        "memberships": {},
    },
}

# Meetings, keyed by (circle, title). "in_days" counts from today; times are Dutch local time.
MEETINGS = [
    {
        "circle": "samenspel",
        "title": "Vóór de samenwerking: visie en rolverdeling",
        "in_days": -21,
        "time": "19:30",
        "minutes": 120,
        "location": "Dorpshuis, Stad aan 't Haringvliet (Goeree-Overflakkee)",
        "online_url": "",
        "agenda": (
            "1. Kennismaking: welke gemeente, welk initiatief, welke fase?\n"
            "2. De dorpsraad vertelt hoe zij betrokken raakte voordat er iets besloten was\n"
            "3. Wat moet een gemeente op orde hebben voordat ze initiatieven uitnodigt?"
        ),
        "report": (
            "Alle acht deelnemers waren er: mensen uit drie gemeenten en uit vijf initiatieven "
            "en andere organisaties.\n\n"
            "De dorpsraad vertelde dat het gesprek over wie wat doet al vóór het onderzoek "
            "begon. Dat voorkwam later veel gedoe. Uit Groningen kwam het voorbeeld van een "
            "coöperatie en een gemeente die samen bewoners in beeld brengen en dan doorverwijzen "
            "naar het energieloket.\n\n"
            "Afgesproken:\n"
            "- Elke gemeente schrijft op een half A4 waarom zij met bewoners wil samenwerken en "
            "welke rol zij voor zichzelf ziet.\n"
            "- De initiatieven nemen volgende keer een afspraak mee die goed uitpakte, en een "
            "die dat niet deed."
        ),
    },
    {
        "circle": "samenspel",
        "title": "Heldere afspraken en opgroeirecht",
        "in_days": 14,
        "time": "19:30",
        "minutes": 120,
        "location": "Inloophuis Moerwijk-oost, Den Haag",
        "online_url": "",
        "agenda": (
            "1. Ronde: wat is er sinds de vorige keer gebeurd?\n"
            "2. Voorbeelden van samenwerkingsovereenkomsten tussen gemeente en initiatief\n"
            "3. Opgroeirecht: hoe geef je een initiatief ruimte om te professionaliseren?\n"
            "4. Welke handvatten nemen we op in de uitkomsten van de kring?"
        ),
        "report": "",
        "capacity": 12,
        # Who said what so far (leerkring.attendance): "member" is left to answer in the demo.
        "answers": {"mark": "coming", "anne": "coming", "hanneke": "coming", "pieter": "maybe"},
    },
    {
        "circle": "wijkgericht",
        "title": "Werkbezoek Benedenbuurt: werk met werk maken",
        "in_days": -24,
        "time": "14:00",
        "minutes": 150,
        "location": "Buurthuis in de Benedenbuurt, Wageningen",
        "online_url": "",
        "agenda": (
            "1. Wandeling door de straten waar het riool open gaat\n"
            "2. Het ecovat: hoe slaat de buurt warmte op?\n"
            "3. Wat vraagt dit van de gemeente, en wat van de coöperatie?"
        ),
        "report": (
            "Joris liet zien waar het riool de komende jaren wordt vervangen en waar een "
            "warmtenet mee de grond in zou kunnen. De gemeente staat er positief tegenover; "
            "samen met de coöperatie wordt uitgezocht of en hoe het kan.\n\n"
            "Wat we leerden:\n"
            "- Een vast aanspreekpunt bij de gemeente maakt voor vrijwilligers het verschil.\n"
            "- Leg vast wat er met wie besproken is, en deel dat met iedereen die meedoet.\n"
            "- Vraag je af welk werk een initiatief van de gemeente kan overnemen, en of daar "
            "een vergoeding tegenover staat."
        ),
    },
    {
        "circle": "wijkgericht",
        "title": "Bestaande groepen in kaart brengen",
        "in_days": 16,
        "time": "19:30",
        "minutes": 90,
        "location": "",
        "online_url": "https://meet.leerkring.example/wijkgericht-werken",
        "agenda": (
            "1. Iedereen neemt een kaart van de eigen wijk mee: waar komen bewoners al samen?\n"
            "2. Initiatiefkaarten en community mapping: ervaringen uit Tilburg en Zeist\n"
            "3. Wie heeft invloed in de wijk zonder in een bestuur te zitten?"
        ),
        "report": "",
    },
    {
        "circle": "startblokken",
        "title": "Kennismaking: waar staat jullie coöperatie?",
        "in_days": 35,
        "time": "20:00",
        "minutes": 90,
        "location": "Buurthuis in de Benedenbuurt, Wageningen",
        "online_url": "",
        "agenda": (
            "1. Drie korte presentaties: ontstaan, leden, eerste project\n"
            "2. Waar lopen vrijwilligers nu tegenaan?\n"
            "3. Afspraken over hoe vaak en waar we elkaar zien"
        ),
        "report": "",
    },
]

# ---------------------------------------------------------------------------------------
# Conversations (gesprekken) in the circles, keyed by (circle, title).
#
# "days_ago" and "time" (Dutch local time) say when the thread was opened; every reply
# has "hours": how long after the opening it was posted. Replies nest through "replies"
# (three levels at most) and are posted in time order, so a reply always comes later than
# the one it answers. "nuttig" and "duim" list who reacted; "hidden" is a facilitator's
# moderation. Authors and reactors are active members of the circle. The word
# "vertrouwelijk" appears only in the closed circle.
THREADS = [
    {
        "circle": "samenspel",
        "title": "Rollen afspreken bij de start: hoe pakken jullie dat aan?",
        "author": "facilitator",
        "themes": ["samenwerking-met-gemeente", "bewonersparticipatie"],
        "days_ago": 19,
        "time": "09:10",
        "pinned": True,
        "body": (
            "Op onze bijeenkomst in Stad aan 't Haringvliet werd duidelijk hoeveel gedoe je "
            "bespaart als gemeente en initiatief vroeg bespreken wie wat doet. Ik zet dit "
            "gesprek daarom bovenaan, zodat we er steeds naar terug kunnen.\n\n"
            "Drie vragen om mee te beginnen:\n\n"
            "- Wanneer kwam bij jullie het gesprek over rollen: vóór of pas na het eerste "
            "plan?\n"
            "- Wat hebben jullie op papier gezet, en wat juist bewust niet?\n"
            "- Hoe weet een vrijwilliger waar hij of zij wel en niet over gaat?\n\n"
            "Vertel ook wat **niet** werkte. Korte, praktische tips zijn extra welkom: de "
            "beste nemen we op in de handvatten die deze kring oplevert."
        ),
        "replies": [
            {
                "author": "anne",
                "hours": 3,
                "text": (
                    "In ons dorp zat de dorpsraad al aan tafel toen de gemeente nog moest "
                    "kiezen of ze Stad aan 't Haringvliet zou onderzoeken. Dat gesprek gaf "
                    "mede de doorslag om het onderzoek te starten. Omdat we toen al over "
                    "elkaars verwachtingen spraken, was later nooit de vraag wie de "
                    "bewonersavond regelde: dat deden wij."
                ),
                "nuttig": ["mark", "pieter", "hanneke"],
                "duim": ["facilitator", "yasmina"],
                "replies": [
                    {
                        "author": "mark",
                        "hours": 5,
                        "text": (
                            "Vanaf de gemeentekant kan ik dat alleen maar beamen.\n\n"
                            "**Tip:** voer het gesprek over rollen vóórdat er een besluit "
                            "ligt. Staat alles al vast, dan valt er voor bewoners niets te "
                            "kiezen en voelt elke uitnodiging als een formaliteit."
                        ),
                        "nuttig": ["anne", "bram", "member", "facilitator"],
                        "duim": ["hanneke"],
                        "replies": [
                            {
                                "author": "bram",
                                "hours": 8,
                                "text": (
                                    "Eens, en wees dan meteen eerlijk over de grenzen. "
                                    "Zeg vanaf het eerste gesprek waarover bewoners "
                                    "meebeslissen, waarover ze alleen meedenken en wat al "
                                    "vastligt. Dat voorkomt teleurstelling als het plan "
                                    "later concreet wordt."
                                ),
                                "nuttig": ["pieter", "yasmina", "anne"],
                                "duim": ["mark"],
                            },
                        ],
                    },
                ],
            },
            {
                "author": "member",
                "hours": 22,
                "text": (
                    "In Wageningen doen we geen eenmalige intake meer, maar een reeks "
                    "gesprekken per initiatief.\n\n"
                    "**Tip:** plan er minstens drie. Eerst kennismaken en het proces schetsen; "
                    "dan verwachtingen en taken expliciet maken; daarna op vaste momenten "
                    "terugblikken en de afspraken zo nodig bijstellen. Zo groeien de afspraken "
                    "mee met het initiatief."
                ),
                "nuttig": ["facilitator", "anne", "hanneke", "pieter"],
                "duim": ["bram"],
                "replies": [
                    {
                        "author": "hanneke",
                        "hours": 28,
                        "text": (
                            "Dat terugblikken is goud waard. Onze coöperatie kon na twee jaar "
                            "veel meer dragen dan in het begin. Zonder vast "
                            "evaluatiemoment waren we in onze oude, kleine rol blijven "
                            "steken."
                        ),
                        "duim": ["member", "anne"],
                    },
                ],
            },
            {
                "author": "pieter",
                "hours": 47,
                "text": (
                    "Wat bij ons helpt: iemand die alleen op de verhouding let, niet op de "
                    "inhoud. Een collega uit het wijkteam is het vaste aanspreekpunt voor "
                    "Grunneger Power. Schuurt er iets, dan belt zij eerst, nog vóór er een "
                    "boze mail rondgaat.\n\n"
                    "**Tip:** wijs één persoon aan die de relatie bewaakt. Onenigheid wordt "
                    "dan sneller opgelost en blijft kleiner."
                ),
                "nuttig": ["hanneke", "facilitator", "member"],
                "duim": ["anne", "bram", "yasmina"],
            },
            {
                "author": "bram",
                "hours": 70,
                "text": (
                    "Vanuit Zwolle: wij zitten elke twee weken met gemeente, "
                    "woningcorporaties en onze bewonerscoöperatie in een coördinatiegroep. "
                    "Dat lijkt veel, maar iedereen weet daardoor wat de ander doet, en we "
                    "organiseren samen webinars voor bewoners.\n\n"
                    "**Tip:** spreek ook af wat een initiatief níet hoeft te doen. Bij ons "
                    "regelt de gemeente de verslagen en de zaalhuur, zodat onze vrijwilligers "
                    "tijd houden voor de buurt."
                ),
                "nuttig": ["mark", "yasmina", "facilitator"],
                "duim": ["hanneke"],
            },
            {
                "author": "facilitator",
                "hours": 76,
                "text": (
                    "Mooie oogst, dank jullie wel. Samengevat:\n\n"
                    "1. Begin het gesprek over rollen voordat er iets besloten is.\n"
                    "2. Wees eerlijk over wat al vastligt.\n"
                    "3. Maak van afspraken een reeks gesprekken, met evaluatie.\n"
                    "4. Laat iemand bewust op de relatie letten.\n"
                    "5. Leg ook vast wat vrijwilligers níet hoeven te doen.\n\n"
                    "Op de bijeenkomst over heldere afspraken werken we dit verder uit."
                ),
                "duim": ["anne", "mark", "bram", "pieter"],
            },
        ],
    },
    {
        "circle": "samenspel",
        "title": "Een klankbordgroep die echt op de wijk lijkt",
        "author": "pieter",
        "themes": ["klankbordgroep", "bewonersparticipatie"],
        "days_ago": 33,
        "time": "14:25",
        "body": (
            "In een Groningse wijk willen we een klankbordgroep beginnen: bewoners die "
            "plannen onder ogen krijgen voordat de hele buurt ze hoort. Mijn zorg is dat op "
            "een open oproep vooral de mensen afkomen die we al kennen.\n\n"
            "- Hoe zorgen jullie dat zo'n groep een afspiegeling van de wijk is?\n"
            "- En hoe voorkom je dat een klankbordgroep de plaats inneemt van echte "
            "zeggenschap?"
        ),
        "replies": [
            {
                "author": "facilitator",
                "hours": 4,
                "text": (
                    "Kijk eens naar Zeist. Voor Austerlitz zette de gemeente woningtypen, "
                    "levensfasen en gezinssamenstellingen in een matrix en zocht voor elk "
                    "vakje iemand. Zo kregen 36 bewoners een persoonlijke uitnodiging; twaalf "
                    "zeiden ja.\n\n"
                    "**Tip:** werf niet met een open oproep, maar gericht aan de hand van "
                    "zo'n matrix. Anders krijg je vooral gepensioneerde ingenieurs."
                ),
                "nuttig": ["pieter", "mark", "yasmina", "hanneke"],
                "duim": ["member"],
                "replies": [
                    {
                        "author": "pieter",
                        "hours": 6,
                        "text": "Twaalf van de 36, een op de drie. Is dat normaal?",
                        "replies": [
                            {
                                "author": "facilitator",
                                "hours": 9,
                                "text": (
                                    "Reken in elk geval op zo'n drie uitnodigingen per "
                                    "plek. En vraag mensen persoonlijk, bij voorkeur door "
                                    "iemand die ze kennen: dat werkt veel beter dan een brief."
                                ),
                                "nuttig": ["pieter", "anne"],
                            },
                        ],
                    },
                ],
            },
            {
                "author": "yasmina",
                "hours": 25,
                "text": (
                    "Vergeet de huurders niet. In Moerwijk huren veel mensen, en die denken "
                    "al snel dat het niet over hen gaat.\n\n"
                    "**Tip:** zoek ook uit wie de woningen bezit. Particuliere verhuurders "
                    "beslissen over het huis zonder er te wonen. Zonder overzicht van wie "
                    "eigenaar is, zit je met de verkeerde mensen aan tafel."
                ),
                "nuttig": ["pieter", "mark", "member"],
                "duim": ["bram", "anne"],
                "replies": [
                    {
                        "author": "mark",
                        "hours": 29,
                        "text": (
                            "Raak. Dat overzicht hadden wij als gemeente zelf niet op orde; "
                            "het kostte ons maanden. Begin daar dus vroeg mee."
                        ),
                        "duim": ["yasmina"],
                    },
                ],
            },
            {
                "author": "bram",
                "hours": 52,
                "text": (
                    "Even de advocaat van de duivel: een klankbordgroep staat altijd op "
                    "afstand. Mooier is het als bewoners mede-eigenaar worden van het proces, "
                    "en zo mogelijk ook van de techniek, bijvoorbeeld via een eigen "
                    "coöperatie. Zie de klankbordgroep als begin, niet als eindstation."
                ),
                "nuttig": ["hanneke", "anne", "facilitator"],
                "duim": ["yasmina"],
                "replies": [
                    {
                        "author": "hanneke",
                        "hours": 55,
                        "text": (
                            "Helemaal mee eens. Bij Grunneger Power zien we dat buren eerder "
                            "luisteren naar een coöperatie die door buren is opgericht dan "
                            "naar het gemeentehuis. En wie als koploper intensief meedoet, "
                            "neemt daarna vaak de middengroep mee."
                        ),
                        "duim": ["bram", "pieter"],
                    },
                ],
            },
        ],
    },
    {
        "circle": "samenspel",
        "title": "Bewoners bereiken: wie vertelt het verhaal, en hoe?",
        "author": "yasmina",
        "themes": ["communicatie", "sleutelfiguren", "informele-netwerken"],
        "days_ago": 9,
        "time": "20:05",
        "body": (
            "Aan de koffietafel in ons inloophuis merk ik elke week dat buren een verhaal "
            "eerder geloven van iemand die ze kennen dan uit een brief van de gemeente. Ik "
            "ben zelf zo'n boodschapper geworden, nadat het projectteam me hielp een nieuwe "
            "plek voor het inloophuis te vinden.\n\n"
            "Hoe vinden jullie de juiste mensen om het verhaal te vertellen? En welke kanalen "
            "werken bij welke bewoners?"
        ),
        "replies": [
            {
                "author": "hanneke",
                "hours": 2,
                "text": (
                    "**Tip:** stem je communicatie af op de leefstijlen in de wijk. De één "
                    "bereik je met een mailtje, de ander alleen als je aanbelt, een derde via "
                    "de school van de kinderen. De bewoner bestaat niet."
                ),
                "nuttig": ["yasmina", "pieter", "member", "anne"],
                "duim": ["facilitator"],
                "replies": [
                    {
                        "author": "anne",
                        "hours": 5,
                        "text": (
                            "Via de kinderen werkte bij ons prachtig. Op de eerste "
                            "bewonersavond stelden kinderen tentoon hoe zij het dorp later "
                            "voor zich zagen, en de zaal zat vol ouders die anders nooit "
                            "waren gekomen."
                        ),
                        "duim": ["hanneke", "mark", "yasmina"],
                        "replies": [
                            {
                                "author": "mark",
                                "hours": 7,
                                "text": (
                                    "En onze oud-huisarts was goud waard: hij zorgde dat "
                                    "bijvoorbeeld een sportevenement in het dorp meteen aan "
                                    "het project werd gekoppeld.\n\n"
                                    "**Tip:** zoek de verbinders die al vertrouwen genieten, "
                                    "ook als ze geen bestuursfunctie hebben."
                                ),
                                "nuttig": ["yasmina", "facilitator", "pieter"],
                                "duim": ["anne"],
                            },
                        ],
                    },
                ],
            },
            {
                "author": "member",
                "hours": 20,
                "text": (
                    "Begin niet met jouw verhaal, maar met hun vraag. Ga eerst luisteren wat "
                    "de buurt belangrijk vindt: misschien een gezamenlijke moestuin of een "
                    "veiliger oversteek. Start daar en kom pas later bij energie uit. Dat "
                    "vraagt geduld, en de druk van een jaartal waarin zoveel woningen van het "
                    "gas af moeten helpt daar niet bij."
                ),
                "nuttig": ["yasmina", "bram", "hanneke"],
                "duim": ["pieter"],
                "replies": [
                    {
                        "author": "pieter",
                        "hours": 24,
                        "text": (
                            "Herkenbaar. Ga ook eens samen met het initiatief de straat op: "
                            "als ambtenaar leer je van een middag aanbellen meer dan van een "
                            "enquête."
                        ),
                        "nuttig": ["mark", "yasmina"],
                        "duim": ["bram"],
                    },
                ],
            },
            {
                "author": "bram",
                "hours": 45,
                "text": (
                    "**Tip:** werk met energiecoaches: vrijwillige buren die zich kunnen "
                    "verplaatsen in mensen die nog niet met duurzaamheid bezig zijn. Wie dat "
                    "leuk vindt, vragen we daarna om ambassadeur te worden. Zo groeit de groep "
                    "die meedoet vanzelf."
                ),
                "nuttig": ["hanneke", "anne", "yasmina"],
                "duim": ["member"],
            },
        ],
    },
    {
        "circle": "wijkgericht",
        "title": "Nabespreking werkbezoek: het warmtenet mee met het nieuwe riool",
        "author": "joris",
        "themes": ["warmtenet", "energiecooperaties", "samenwerking-met-gemeente"],
        "days_ago": 23,
        "time": "10:30",
        "locked": True,
        "body": (
            "Dank dat jullie naar de Benedenbuurt kwamen! De stand van zaken: de gemeente "
            "wil meewerken, en samen zoeken we uit of het warmtenet met het ecovat tegelijk "
            "met de nieuwe riolering de grond in kan.\n\n"
            "De eerste kostenraming van de gemeente is nog vertrouwelijk. Ik licht hem graag "
            "mondeling toe in deze kring, maar hij komt niet op onze website en ook niet in "
            "dit gesprek.\n\n"
            "Twee vragen:\n\n"
            "1. Wat wil je als gemeente weten voordat je ja zegt tegen zo'n plan?\n"
            "2. Hoe verdelen we het werk zonder dat onze vrijwilligers omvallen?"
        ),
        "replies": [
            {
                "author": "member",
                "hours": 3,
                "text": (
                    "Vanuit de gemeente: het helpt enorm dat jullie met een concreet moment "
                    "komen. De straat gaat toch al open, en dat verandert de hele "
                    "rekensom.\n\n"
                    "**Tip:** houd vanaf dag één een logboek bij van wat je met wie bespreekt "
                    "en welke keuzes er vallen, en stuur het na elk overleg rond. Dan hoeft "
                    "niemand te raden wat er is afgesproken."
                ),
                "nuttig": ["joris", "wouter", "sanne"],
                "duim": ["facilitator"],
                "replies": [
                    {
                        "author": "joris",
                        "hours": 6,
                        "text": "Dat logboek heeft ons al twee discussies bespaard.",
                        "duim": ["member"],
                    },
                ],
            },
            {
                "author": "wouter",
                "hours": 26,
                "text": (
                    "Kijk ook welk werk de coöperatie van de gemeente kan overnemen. In een "
                    "participatietraject gaat veel tijd zitten in bewonersavonden en "
                    "keukentafelgesprekken. Een initiatief kan dat vaak beter, maar dan hoort "
                    "er wel een vergoeding tegenover te staan."
                ),
                "nuttig": ["joris", "sanne", "member"],
                "replies": [
                    {
                        "author": "sanne",
                        "hours": 30,
                        "text": (
                            "En onthoud dat het vrijwilligers zijn. In Austerlitz zie ik hoe "
                            "snel mensen opbranden als er steeds taken bij komen."
                        ),
                        "nuttig": ["joris"],
                        "duim": ["wouter"],
                        "replies": [
                            {
                                "author": "joris",
                                "hours": 33,
                                "text": (
                                    "Daarom vragen we een vergoeding voor één coördinator, "
                                    "niet voor iedereen. Dan blijft het vrijwilligerswerk, "
                                    "maar wel vol te houden."
                                ),
                                "duim": ["sanne", "wouter"],
                            },
                        ],
                    },
                ],
            },
            {
                "author": "facilitator",
                "hours": 50,
                "text": (
                    "Dank jullie wel. De raming en de taakverdeling bespreken we verder op de "
                    "volgende bijeenkomst; de afspraken komen in het verslag. Ik zet dit "
                    "gesprek op slot, zodat alles daarna op één plek staat."
                ),
                "duim": ["joris", "member"],
            },
        ],
    },
    {
        "circle": "wijkgericht",
        "title": "Wie heeft er echt invloed in de wijk?",
        "author": "wouter",
        "themes": ["informele-netwerken", "sleutelfiguren", "jongeren-en-scholen"],
        "days_ago": 12,
        "time": "16:40",
        "body": (
            "Alvast een vraag voor onze bijeenkomst over bestaande groepen. In De Kuil "
            "bereikten we ouders via een bouwproject op basisschool De Wichelroede: eerst "
            "modelauto's, daarna opladen en zonnepanelen. Een eerdere poging via een "
            "groepje gepensioneerde energiebespaarders liep daarentegen dood; ze waren te "
            "weinig geworteld in de wijk.\n\n"
            "Hoe vinden jullie de mensen die de buurt werkelijk meenemen, ook als ze niet in "
            "de wijkraad zitten?"
        ),
        "replies": [
            {
                "author": "sanne",
                "hours": 5,
                "text": (
                    "Onze klankbordgroep in Austerlitz is met een matrix samengesteld, juist "
                    "om niet alleen gepensioneerde ingenieurs te krijgen. Zo zit ik er als "
                    "moeder van twee ook in. Wat ik zie: wie in de wijk gehoord wordt, staat "
                    "op het schoolplein en langs het veld bij de sportclub, niet in de "
                    "wijkraad."
                ),
                "nuttig": ["wouter", "joris", "facilitator"],
                "replies": [
                    {
                        "author": "wouter",
                        "hours": 8,
                        "text": (
                            "Het schoolplein, ja. Inmiddels is de bibliotheek onze startmotor."
                        ),
                        "duim": ["sanne"],
                    },
                ],
            },
            {
                "author": "joris",
                "hours": 27,
                "text": (
                    "Bij ons begon alles met een klimaatstraatfeest dat bewoners zelf hadden "
                    "bedacht. Wie daar de barbecue regelde, bleek later veel meer buren mee "
                    "te krijgen dan het bestuur van de coöperatie.\n\n"
                    "**Tip:** kijk wie op buurtfeesten het werk doet."
                ),
                "nuttig": ["wouter", "sanne", "member"],
                "duim": ["facilitator"],
                "replies": [
                    {
                        "author": "member",
                        "hours": 31,
                        "text": (
                            "Dat was Ria van nummer 12, toch? Ze heeft het nu zwaar omdat "
                            "haar man in het ziekenhuis ligt, maar bel haar gerust op "
                            "06 12 34 56 78, ze helpt vast."
                        ),
                        "hidden": {
                            "by": "facilitator",
                            "hours": 33,
                            "reason": (
                                "Bevat het telefoonnummer en de gezondheid van een "
                                "buurtbewoner die geen lid van deze kring is. Deel zulke "
                                "gegevens alleen met haar toestemming, en dan rechtstreeks."
                            ),
                        },
                    },
                ],
            },
            {
                "author": "facilitator",
                "hours": 49,
                "text": (
                    "Ik heb één reactie verborgen omdat er privégegevens van een buurtbewoner "
                    "in stonden.\n\n"
                    "Samengevat voor de bijeenkomst: zoek naar invloed, niet naar functies. "
                    "Denk aan het schoolplein, de sportclub, de bibliotheek en het buurtfeest. "
                    "Vraag ook binnen de gemeente rond: wijkregisseurs en collega's van de "
                    "openbare ruimte weten vaak wie de verbinders zijn."
                ),
                "nuttig": ["wouter", "sanne", "joris", "member"],
                "replies": [
                    {
                        "author": "wouter",
                        "hours": 52,
                        "text": (
                            "Goed idee: ik vraag onze wijkregisseurs om elk drie namen mee te "
                            "nemen naar de bijeenkomst."
                        ),
                        "duim": ["facilitator"],
                    },
                ],
            },
        ],
    },
]

# Lessons a circle distilled from its conversations. Keyed by (circle, slug). "cases" are
# practice story slugs, "threads" titles of THREADS in the same circle, "themes" theme slugs.
SAMENSPEL_THREADS = {
    "rollen": "Rollen afspreken bij de start: hoe pakken jullie dat aan?",
    "klankbord": "Een klankbordgroep die echt op de wijk lijkt",
    "bereiken": "Bewoners bereiken: wie vertelt het verhaal, en hoe?",
}
WIJKGERICHT_THREADS = {
    "werkbezoek": "Nabespreking werkbezoek: het warmtenet mee met het nieuwe riool",
    "invloed": "Wie heeft er echt invloed in de wijk?",
}

LESSONS = [
    # "Samenspel gemeenten & bewonersinitiatieven": its outcomes, grouped by phase.
    {
        "circle": "samenspel",
        "slug": "weet-waarom-je-met-bewoners-samenwerkt",
        "number": 1,
        "phase": "1-before",
        "title": "Weet waarom je met bewoners wilt samenwerken, en wat jouw rol is",
        "summary": (
            "Een gemeente die niet kan uitleggen waarom ze bewonersinitiatieven nodig heeft, "
            "blijft in elk gesprek twijfelen. Leg daarom vooraf vast wat samenwerken met "
            "bewoners oplevert en welke rol de gemeente zelf in de warmtetransitie pakt."
        ),
        "application": (
            "<p>Bespreek binnen de gemeente, met wethouder en ambtenaren, waarom initiatieven "
            "van bewoners ertoe doen: ze vergroten het draagvlak en helpen bij de uitvoering. "
            "Schrijf die visie op in een paar zinnen die iedereen kan herhalen.</p>"
            "<p>Bepaal daarnaast welke rol de gemeente kiest: regisseur, partner, "
            "financier of alleen aanjager. Elke keuze vraagt iets anders van de mensen die "
            "straks aan tafel zitten.</p>"
        ),
        "in_practice": (
            "<p>In de kring vertelde een ambtenaar dat haar gemeente pas na twee lastige "
            "trajecten een eigen visie opschreef. Sindsdien hoeft ze bij ieder nieuw "
            "initiatief niet opnieuw uit te leggen waarom de gemeente meedoet.</p>"
        ),
        "next_step": (
            "<p>Lees verder bij les 2 over de ondersteuning die bij zo'n visie hoort.</p>"
        ),
        "cases": ["groningen-gemeente-cooperatie-en-energieloket-samen"],
        "themes": ["samenwerking-met-gemeente"],
        "threads": ["rollen"],
    },
    {
        "circle": "samenspel",
        "slug": "richt-ondersteuning-in-en-nodig-uit",
        "number": 2,
        "phase": "1-before",
        "title": "Richt ondersteuning in en stap zelf op initiatieven af",
        "summary": (
            "Initiatieven beginnen vrijwillig en uit enthousiasme. Wie ze wil laten groeien, "
            "zorgt voor een vaste plek waar ze terechtkunnen en wacht niet af tot ze zich "
            "melden, maar nodigt ze uit."
        ),
        "application": (
            "<p>Regel een herkenbaar aanspreekpunt en een eenvoudige route naar advies, "
            "subsidie en ruimte om te vergaderen. Ga daarna zelf langs bij groepen die al "
            "bezig zijn en vraag wat zij nodig hebben.</p>"
        ),
        "in_practice": (
            "<p>In Tilburg sloeg een eerste poging via een groepje gepensioneerden zonder "
            "wortels in de wijk niet aan. Nu is de bibliotheek de plek waar bewoners "
            "instappen.</p>"
        ),
        "next_step": "<p>Zie ook les 3: durf te experimenteren met die ondersteuning.</p>",
        "cases": ["tilburg-bibliotheek-als-startmotor"],
        "themes": ["samenwerking-met-gemeente", "bewonersparticipatie"],
        "threads": ["bereiken"],
    },
    {
        "circle": "samenspel",
        "slug": "durf-te-leren",
        "number": 3,
        "phase": "1-before",
        "title": "Heb lef en maak ruimte om te leren",
        "summary": (
            "Samenwerken met bewoners gaat zelden in één keer goed. Een gemeente die fouten "
            "toestaat en er openlijk van leert, wint vertrouwen; een gemeente die alles "
            "vooraf dichttimmert, verliest het."
        ),
        "application": (
            "<p>Begin klein, kijk na elke stap samen terug en benoem hardop wat niet werkte. "
            "Ook als een initiatief stopt, levert dat inzichten op voor het volgende.</p>"
        ),
        "in_practice": (
            "<p>Deelnemers noemden een wijk waar de eerste bewonersavond slecht bezocht werd. "
            "Door dat eerlijk te delen, kwamen buren zelf met een beter idee: een "
            "inloopmiddag op het schoolplein.</p>"
        ),
        "next_step": "<p>Ga door met de lessen over het ontstaan van de samenwerking.</p>",
        "cases": [],
        "themes": ["leren-van-elkaar"],
        "threads": [],
    },
    {
        "circle": "samenspel",
        "slug": "kies-samen-een-einddoel",
        "number": 4,
        "phase": "2-establishing",
        "title": "Kies samen waar je naartoe werkt",
        "summary": (
            "Gemeente en initiatief hebben vaak elk een eigen beeld van het resultaat. Maak "
            "dat beeld vroeg gezamenlijk, zodat je onderweg over de route kunt verschillen "
            "zonder het doel kwijt te raken."
        ),
        "application": (
            "<p>Schrijf in gewone woorden op hoe de buurt er over tien jaar uitziet. Stuur "
            "daarna op het proces, niet op één project: kijk bij elke beslissing of die "
            "bijdraagt aan dat doel op lange termijn.</p>"
        ),
        "in_practice": (
            "<p>In Stad aan 't Haringvliet zat de dorpsraad al aan tafel voordat er iets "
            "besloten was; het gezamenlijke doel werd zo ook het doel van het dorp.</p>"
        ),
        "next_step": "<p>Leg het doel vast in afspraken: zie les 5.</p>",
        "cases": ["stad-aan-t-haringvliet-dorpsraad-vanaf-het-begin"],
        "themes": ["samenwerking-met-gemeente", "bewonersparticipatie"],
        "threads": ["rollen"],
    },
    {
        "circle": "samenspel",
        "slug": "laat-afspraken-meegroeien",
        "number": 5,
        "phase": "2-establishing",
        "title": "Maak afspraken die met het initiatief meegroeien",
        "summary": (
            "Een samenwerkingsovereenkomst is geen formulier maar het resultaat van een reeks "
            "gesprekken. Wie rollen, taken en verwachtingen stap voor stap vastlegt, bouwt "
            "een relatie die tegen een stootje kan."
        ),
        "application": (
            "<p>Plan een kennismaking, daarna gesprekken over verwachtingen en taken, en "
            "vervolgens vaste evaluatiemomenten. Pas de overeenkomst aan als het initiatief "
            "groeit. Spreek ook af wat het initiatief níet hoeft te doen.</p>"
        ),
        "in_practice": (
            "<p>Leden van de kring lieten zien hoe hun eerste overeenkomst één A4'tje was en "
            "na twee jaar een uitgewerkte taakverdeling, met de gemeente als verzorger van "
            "verslagen en zaalhuur.</p>"
        ),
        "next_step": "<p>Zie het gesprek over rollen in deze kring.</p>",
        "cases": [],
        "themes": ["samenwerking-met-gemeente"],
        "threads": ["rollen"],
    },
    {
        "circle": "samenspel",
        "slug": "ruimte-voor-lokaal-eigenaarschap",
        "number": 6,
        "phase": "2-establishing",
        "title": "Laat de buurt eigenaar zijn, en zorg voor mensen en middelen",
        "summary": (
            "Initiatieven floreren als ze zelf mogen bepalen hoe ze hun buurt meenemen. Dat "
            "lukt alleen als er aan beide kanten tijd, geld en kennis is, en als clubs en "
            "verenigingen uit de buurt meedoen."
        ),
        "application": (
            "<p>Geef het initiatief zeggenschap over aanpak en toon. Reserveer bij de "
            "gemeente uren en budget, en help het initiatief aan scholing of een vergoeding. "
            "Schakel de sociale verbanden in die er al zijn: de voetbalclub, de "
            "buurtvereniging, de school.</p>"
            "<p>Omarm daarbij de eigenheid van de wijk; een diverse groep brengt meer kennis "
            "en een bredere betrokkenheid mee.</p>"
        ),
        "in_practice": (
            "<p>In Austerlitz (Zeist) stelde men met een matrix een klankbordgroep samen die "
            "echt op het dorp lijkt, in plaats van te werven met een open oproep.</p>"
        ),
        "next_step": "<p>Bekijk ook de lessen over de samenwerking zelf.</p>",
        "cases": ["zeist-austerlitz-representatieve-klankbordgroep"],
        "themes": ["bewonersparticipatie", "klankbordgroep"],
        "threads": ["klankbord", "bereiken"],
    },
    {
        "circle": "samenspel",
        "slug": "onderhoud-de-relatie",
        "number": 7,
        "phase": "3-during",
        "title": "Verzorg de relatie en gun het initiatief tijd om te groeien",
        "summary": (
            "Een initiatief heeft opgroeirecht: tijd en ruimte om van vrijwilligersclub uit "
            "te groeien tot professionele partner. Iemand moet die relatie actief bewaken, "
            "juist wanneer belangen botsen."
        ),
        "application": (
            "<p>Wijs aan beide kanten iemand aan die op de relatie let. Help het initiatief "
            "om zich te professionaliseren en om ambassadeur te zijn richting buurt en "
            "politiek. Behandel het als gelijkwaardige partner, ook als het nog klein is.</p>"
        ),
        "in_practice": (
            "<p>In Groningen verdelen gemeente, Grunneger Power en het energieloket het "
            "werk. Bewoners vertrouwen de coöperatie van hun buren, en de gemeente laat haar "
            "die rol ook houden.</p>"
        ),
        "next_step": "<p>Lees ook les 8 over openheid en rolwisselingen.</p>",
        "cases": ["groningen-gemeente-cooperatie-en-energieloket-samen"],
        "themes": ["energiecooperaties", "samenwerking-met-gemeente"],
        "threads": ["rollen"],
    },
    {
        "circle": "samenspel",
        "slug": "open-over-belangen-flexibel-in-rol",
        "number": 8,
        "phase": "3-during",
        "title": "Wees eerlijk over belangen en wissel waar nodig van rol",
        "summary": (
            "Verborgen agenda's breken een samenwerking sneller af dan welk meningsverschil "
            "ook. Benoem je belangen en drijfveren, en pas je rol aan bij het soort "
            "initiatief en de fase waarin het zit."
        ),
        "application": (
            "<p>Zeg vanaf het begin waar bewoners wel en niet over kunnen meebeslissen. "
            "Investeer in gespreksvaardigheden: luisteren, doorvragen, samenvatten. Een "
            "startend buurtinitiatief vraagt een andere houding dan een ervaren "
            "coöperatie.</p>"
        ),
        "in_practice": (
            "<p>In Moerwijk-oost hielp het projectteam een bewoonster aan een nieuwe ruimte "
            "voor haar inloophuis. Dat wekte vertrouwen; nu pleit zij zelf voor de "
            "wijkaanpak.</p>"
        ),
        "next_step": "<p>Dit was de laatste uitkomst van deze kring.</p>",
        "cases": ["den-haag-moerwijk-oost-inloophuis-ambassadeur"],
        "themes": ["communicatie", "samenwerking-met-gemeente"],
        "threads": ["bereiken", "klankbord"],
    },
    # The closed "Community of Practice Wijkgericht werken": seven lessons.
    {
        "circle": "wijkgericht",
        "slug": "begin-bij-wat-de-wijk-belangrijk-vindt",
        "number": 1,
        "phase": "",
        "title": "Begin bij wat de wijk zelf belangrijk vindt",
        "summary": (
            "Bewoners haken af als het eerste gesprek over warmtepompen gaat. Vraag eerst "
            "wat er in de buurt leeft, ook als dat een moestuin of een speeltuin is, en werk "
            "van daaruit naar de energietransitie."
        ),
        "application": (
            "<p>Ga de straat op en interview bewoners over hun buurt. Kies een aanpak die "
            "bij hun antwoorden past, niet een strategie die op het gemeentehuis al vastlag.</p>"
        ),
        "in_practice": (
            "<p>De Benedenbuurt begon met een klimaatstraatfeest; pas daarna kwam het "
            "warmtenet ter sprake.</p>"
        ),
        "next_step": "<p>Lees verder bij les 2.</p>",
        "cases": ["wageningen-benedenbuurt-van-straatfeest-tot-warmtenet"],
        "themes": ["bewonersparticipatie"],
        "threads": ["werkbezoek"],
    },
    {
        "circle": "wijkgericht",
        "slug": "breng-invloed-in-de-wijk-in-kaart",
        "number": 2,
        "phase": "",
        "title": "Breng in kaart wie er echt invloed heeft",
        "summary": (
            "Formele besturen zijn niet altijd de mensen naar wie de buurt luistert. Kijk wie "
            "het werk doet en wie vertrouwen geniet, en betrek die sleutelfiguren vroeg."
        ),
        "application": (
            "<p>Maak samen met wijkprofessionals een overzicht van verbinders: de "
            "vrijwilliger van het buurtfeest, de oud-huisarts, de trainer van de jeugd.</p>"
        ),
        "in_practice": (
            "<p>In Stad aan 't Haringvliet bleek de vroegere huisarts de verbinder: dankzij "
            "hem sluiten dorpsactiviteiten vanzelf aan bij het project.</p>"
        ),
        "next_step": "<p>Zie les 4 over samenwerken met bestaande groepen.</p>",
        "cases": ["stad-aan-t-haringvliet-oud-huisarts-als-verbinder"],
        "themes": ["sleutelfiguren", "informele-netwerken"],
        "threads": ["invloed"],
    },
    {
        "circle": "wijkgericht",
        "slug": "maak-werk-met-werk",
        "number": 3,
        "phase": "",
        "title": "Maak werk met werk",
        "summary": (
            "Als de straat toch open moet voor een nieuw riool, is dat het moment om ook een "
            "warmtenet aan te leggen. Zulke koppelkansen schelen geld, overlast en tijd."
        ),
        "application": (
            "<p>Deel de planning van onderhoud aan riool, wegen en groen vroeg met "
            "bewonersgroepen, zodat zij kansen kunnen zien en aandragen.</p>"
        ),
        "in_practice": (
            "<p>De Benedenbuurt in Wageningen wil de geplande rioolvervanging gebruiken om "
            "een warmtenet met een ecovat aan te leggen.</p>"
        ),
        "next_step": "<p>Zie les 4 voor de rol van de coöperatie daarbij.</p>",
        "cases": ["wageningen-benedenbuurt-van-straatfeest-tot-warmtenet"],
        "themes": ["warmtenet"],
        "threads": ["werkbezoek"],
    },
    {
        "circle": "wijkgericht",
        "slug": "werk-samen-met-bestaande-groepen",
        "number": 4,
        "phase": "",
        "title": "Werk samen met bestaande groepen in een wijk",
        "summary": (
            "Wijkraden, buurtverenigingen, sportclubs, groenbeheerders en energiecoöperaties "
            "kennen de buurt en hebben contacten die een gemeente mist. Werk met hen samen: "
            "dat versnelt de participatie, geeft inzicht in de wijk en levert steun op voor "
            "de overstap naar een aardgasvrije buurt."
        ),
        "application": (
            "<p>Zorg voor één zichtbaar aanspreekpunt voor bewonersgroepen en losse bewoners, "
            "bijvoorbeeld een initiatievenmakelaar. Leg vast wie wat besprak en welke keuzes "
            "vielen, en deel dat met iedereen die meedoet.</p>"
            "<p>Ga er niet van uit dat de gemeente het beter weet. Vraag bestaande groepen om "
            "advies over de aanpak en de uitkomst. Wie investeert in de professionalisering "
            "van zulke groepen, versterkt ook de onderlinge band in de buurt.</p>"
            "<p>Een deel van het participatiewerk kan naar een wijkinitiatief, eventueel "
            "tegen betaling; bewoners die veel deskundige tijd steken in het traject kunnen "
            "een vergoeding krijgen. Vergeet ook de wijkagenten, wijkteams en medewerkers van "
            "corporaties en zorg niet: zij weten veel van de buurt.</p>"
        ),
        "in_practice": (
            "<p>Toen in de Wageningse Benedenbuurt het riool aan vervanging toe was, richtte "
            "bewoner Wanka Lelieveld een energiecoöperatie op. Die wil in één moeite door een "
            "warmtenet met ecovat aanleggen. De gemeente reageerde enthousiast en werkt het "
            "plan nu samen met de coöperatie uit.</p>"
            "<p>Binnen het Gelders Energieakkoord wisselen wijkinitiatieven in kleine "
            "groepen ervaringen uit en delen ze hun lessen in een breder netwerk.</p>"
        ),
        "next_step": (
            "<p>Dit is één van de zeven lessen van deze Community of Practice; lees de andere "
            "voor meer context. Verder lezen:</p>"
            "<ul><li>het rapport <i>Burgerparticipatie in de warmtetransitie</i>, met ook de "
            "aanpak van Haarlem en Nijmegen;</li>"
            "<li>de lessen van Hier Opgewekt over de eerste collectieve warmtenetten;</li>"
            "<li><i>Naar een Wendbare Wijkaanpak</i>, een stappenplan voor een lokale "
            "coalitie.</li></ul>"
        ),
        "cases": [
            "wageningen-benedenbuurt-van-straatfeest-tot-warmtenet",
            "gelderland-kleine-leergroepen-groot-netwerk",
        ],
        "themes": ["informele-netwerken", "energiecooperaties", "samenwerking-met-gemeente"],
        "threads": ["werkbezoek", "invloed"],
    },
    {
        "circle": "wijkgericht",
        "slug": "betrek-eigenaren-en-huurders",
        "number": 5,
        "phase": "",
        "title": "Betrek eigenaren en huurders, niet alleen bewoners",
        "summary": (
            "Wie in een huis woont, beslist er niet altijd over. Zoek uit hoe de "
            "eigendomsverhoudingen liggen en zorg dat verhuurders én huurders een plek "
            "krijgen in het gesprek."
        ),
        "application": (
            "<p>Vraag de corporatie en het kadaster om een overzicht. Nodig particuliere "
            "verhuurders apart uit en betrek de huurdersvereniging.</p>"
        ),
        "in_practice": (
            "<p>Deelnemers merkten dat hun bewonersavonden vooral eigenaar-bewoners "
            "trokken; een aparte avond voor huurders bracht nieuwe vragen op tafel.</p>"
        ),
        "next_step": "<p>Zie les 6.</p>",
        "cases": [],
        "themes": ["bewonersparticipatie"],
        "threads": ["invloed"],
    },
    {
        "circle": "wijkgericht",
        "slug": "zoek-bewoners-op-waar-ze-al-zijn",
        "number": 6,
        "phase": "",
        "title": "Zoek bewoners op waar ze al zijn",
        "summary": (
            "Niet iedereen komt naar een avond in het buurthuis. Ga naar het schoolplein, de "
            "sportkantine of het inloophuis, en stem je boodschap af op wie je daar treft."
        ),
        "application": (
            "<p>Kies per groep een passend kanaal: een mail, een gesprek aan de deur, een "
            "project op school.</p>"
        ),
        "in_practice": (
            "<p>In De Kuil in Tilburg bouwden basisschoolkinderen een model van een "
            "elektrische deelauto, en hun ouders raakten zo vanzelf betrokken.</p>"
        ),
        "next_step": "<p>Zie les 7.</p>",
        "cases": ["tilburg-de-kuil-schoolproject-elektrische-deelauto"],
        "themes": ["jongeren-en-scholen", "communicatie"],
        "threads": [],
    },
    {
        "circle": "wijkgericht",
        "slug": "houd-een-lange-adem",
        "number": 7,
        "phase": "",
        "title": "Houd een lange adem",
        "summary": (
            "De warmtetransitie duurt jaren; de samenwerking met bewoners ook. Tijdsdruk "
            "van landelijke doelen mag die relatie niet bepalen."
        ),
        "application": (
            "<p>Investeer in een stevige basis, evalueer elk jaar en accepteer dat sommige "
            "wijken langzamer gaan dan de planning.</p>"
        ),
        "in_practice": (
            "<p>Een deelnemer vertelde hoe een wijk na drie jaar praten over groen pas klaar "
            "was voor een gesprek over warmte, en toen meteen veel verder kwam.</p>"
        ),
        "next_step": "<p>Terug naar de eerste les van deze kring.</p>",
        "cases": [],
        "themes": ["leren-van-elkaar"],
        "threads": [],
    },
]

# Numbered tips written directly in a circle (position = number). Keyed by (circle, title).
TIPS = [
    {
        "circle": "samenspel",
        "position": 1,
        "title": "Stuur op het proces, niet op één project",
        "text": (
            "Kijk verder dan het volgende project: telt een stap mee voor het doel op lange "
            "termijn? Samen dat einddoel halen is waar het om draait."
        ),
    },
    {
        "circle": "samenspel",
        "position": 2,
        "title": "Omarm de diversiteit en het eigen karakter van de wijk",
        "text": (
            "Een gemengde groep brengt meer kennis en een bredere betrokkenheid mee. Respecteer "
            "de eigenheid van de buurt waar het initiatief is begonnen."
        ),
    },
    {
        "circle": "samenspel",
        "position": 3,
        "title": "Gun initiatieven hun opgroeirecht",
        "text": (
            "Geef een initiatief de ruimte om te leren en professioneler te worden. Lukt het "
            "niet, dan helpen de lessen bij het volgende initiatief."
        ),
    },
    {
        "circle": "samenspel",
        "position": 4,
        "title": "Groei in een paar gesprekken naar heldere afspraken",
        "text": (
            "Een startgesprek om kennis te maken en het proces te schetsen; daarna gesprekken "
            "over verwachtingen en taken; en vaste evaluaties waarin je de overeenkomst "
            "bijstelt."
        ),
    },
    {
        "circle": "samenspel",
        "position": 5,
        "title": "Regel de gelijkwaardigheid",
        "text": (
            "Laat één persoon zich bezighouden met het opbouwen en onderhouden van de relatie, "
            "zodat botsende belangen haar niet beschadigen. Help het initiatief om de buurt en "
            "de politiek te overtuigen."
        ),
    },
]

# Replies promoted to tips. "thread" is a key of the circle's *_THREADS above, "contains" a
# part of the reply's text (its "**Tip:**" line). Without a position they rank by "nuttig"
# reactions.
PROMOTED_TIPS = [
    {
        "circle": "samenspel",
        "thread": "rollen",
        "contains": "**Tip:** voer het gesprek over rollen",
        "title": "Praat over rollen voordat er iets besloten is",
    },
    {
        "circle": "samenspel",
        "thread": "rollen",
        "contains": "**Tip:** plan er minstens drie",
        "title": "Plan minstens drie gesprekken over de samenwerking",
    },
    {
        "circle": "samenspel",
        "thread": "rollen",
        "contains": "**Tip:** wijs één persoon aan",
        "title": "Eén persoon bewaakt de relatie",
    },
    {
        "circle": "samenspel",
        "thread": "rollen",
        "contains": "**Tip:** spreek ook af wat een initiatief",
        "title": "Spreek ook af wat vrijwilligers níet hoeven te doen",
    },
    {
        "circle": "samenspel",
        "thread": "klankbord",
        "contains": "**Tip:** werf niet met een open oproep",
        "title": "Werf een klankbordgroep gericht, met een matrix",
    },
    {
        "circle": "samenspel",
        "thread": "klankbord",
        "contains": "**Tip:** zoek ook uit wie de woningen bezit",
        "title": "Weet wie de woningen bezit",
    },
    {
        "circle": "samenspel",
        "thread": "bereiken",
        "contains": "**Tip:** stem je communicatie af",
        "title": "Pas je communicatie aan op de leefstijlen in de wijk",
    },
    {
        "circle": "samenspel",
        "thread": "bereiken",
        "contains": "**Tip:** zoek de verbinders",
        "title": "Zoek de vertrouwde verbinders, ook zonder bestuursfunctie",
    },
    {
        "circle": "samenspel",
        "thread": "bereiken",
        "contains": "**Tip:** werk met energiecoaches",
        "title": "Laat energiecoaches buren meenemen",
    },
    {
        "circle": "wijkgericht",
        "thread": "werkbezoek",
        "contains": "**Tip:** houd vanaf dag één een logboek",
        "title": "Houd een logboek bij en stuur het na elk overleg rond",
        "shareable": True,
    },
    {
        "circle": "wijkgericht",
        "thread": "invloed",
        "contains": "**Tip:** kijk wie op buurtfeesten",
        "title": "Kijk wie op buurtfeesten het werk doet",
        "shareable": False,
    },
]

# Key lessons of a network: "network" is "root" or a sub-network slug, "lesson" is
# (circle key, lesson slug). Keyed by (lesson, network).
NOMINATIONS = [
    {
        "network": "gelderland",
        "lesson": ("wijkgericht", "werk-samen-met-bestaande-groepen"),
        "status": "featured",
        "position": 1,
        "nominated_by": "facilitator",
        "decided_by": "regio",
    },
    {
        "network": "gelderland",
        "lesson": ("wijkgericht", "maak-werk-met-werk"),
        "status": "featured",
        "position": 2,
        "nominated_by": "facilitator",
        "decided_by": "regio",
    },
    {
        "network": "root",
        "lesson": ("wijkgericht", "werk-samen-met-bestaande-groepen"),
        "status": "featured",
        "position": 1,
        # Featured in the sub-network, so it rose to the national board by itself.
        "nominated_by": None,
        "decided_by": "coordinator",
        "note": "Doorgegeven door de Gelderse leerkringen.",
    },
    {
        "network": "root",
        "lesson": ("samenspel", "laat-afspraken-meegroeien"),
        "status": "featured",
        "position": 2,
        "nominated_by": "facilitator",
        "decided_by": "coordinator",
    },
    {
        "network": "root",
        "lesson": ("samenspel", "onderhoud-de-relatie"),
        "status": "featured",
        "position": 3,
        "nominated_by": "facilitator",
        "decided_by": "coordinator",
    },
    {
        "network": "root",
        "lesson": ("samenspel", "kies-samen-een-einddoel"),
        "status": "nominated",
        "position": None,
        "nominated_by": "facilitator",
        "decided_by": None,
    },
]
