/**
 * Word lists for the demo data of a French freight broker ("courtier en fret"): names as people
 * write them (accents, hyphens), real cities with their postal codes and telephone zones
 * (01 Île-de-France, 02 north-west, 03 north-east, 04 south-east, 05 south-west).
 */

/** [first name, weight] — common French first names across generations. */
export const FIRST_NAMES: readonly (readonly [string, number])[] = [
  ['Marie', 9], ['Jean', 9], ['Pierre', 7], ['Michel', 6], ['Philippe', 6], ['Nathalie', 6], ['Isabelle', 6],
  ['Sylvie', 5], ['Catherine', 5], ['Françoise', 5], ['Christophe', 5], ['Stéphane', 5], ['Frédéric', 5],
  ['Sébastien', 5], ['Laurent', 5], ['Nicolas', 6], ['Julien', 5], ['David', 5], ['Olivier', 5], ['Thierry', 4],
  ['Valérie', 4], ['Sandrine', 4], ['Véronique', 4], ['Christine', 4], ['Hélène', 4], ['Céline', 4], ['Aurélie', 4],
  ['Émilie', 4], ['Julie', 4], ['Camille', 4], ['Léa', 4], ['Manon', 3], ['Chloé', 3], ['Zoé', 3], ['Inès', 3],
  ['Léna', 2], ['Jade', 3], ['Louise', 3], ['Alice', 3], ['Emma', 3], ['Sarah', 3], ['Laura', 3], ['Anaïs', 3],
  ['Mélanie', 3], ['Élodie', 3], ['Audrey', 3], ['Agnès', 2], ['Brigitte', 2], ['Danièle', 2], ['Josiane', 1],
  ['Geneviève', 2], ['Martine', 3], ['Monique', 2], ['Béatrice', 2], ['Pascale', 2], ['Noémie', 2], ['Maëlle', 2],
  ['François', 5], ['Jérôme', 4], ['Jérémy', 3], ['Grégory', 3], ['Cédric', 3], ['Benoît', 3], ['Mickaël', 3],
  ['Raphaël', 3], ['Gaël', 2], ['Noël', 1], ['Joël', 2], ['Hervé', 3], ['Rémi', 3], ['Loïc', 3], ['Yannick', 2],
  ['Thomas', 5], ['Alexandre', 5], ['Antoine', 4], ['Maxime', 4], ['Guillaume', 4], ['Romain', 4], ['Kévin', 3],
  ['Anthony', 3], ['Mathieu', 4], ['Vincent', 4], ['Fabrice', 3], ['Patrick', 4], ['Alain', 4], ['Bernard', 3],
  ['Daniel', 3], ['Didier', 3], ['Éric', 4], ['Gilles', 3], ['Bruno', 3], ['Lucas', 4], ['Hugo', 4], ['Louis', 3],
  ['Gabriel', 3], ['Arthur', 3], ['Théo', 3], ['Mathéo', 2], ['Enzo', 2], ['Yanis', 2], ['Karim', 2], ['Mehdi', 2],
  ['Samir', 2], ['Rachid', 2], ['Fatima', 2], ['Nadia', 2], ['Leïla', 2], ['Yasmine', 2], ['Sofiane', 2],
  ['Jean-Pierre', 3], ['Jean-Luc', 3], ['Jean-François', 2], ['Marie-Christine', 2], ['Anne-Sophie', 2],
  ['Pierre-Yves', 2], ['Marc-Antoine', 1], ['Clémence', 2], ['Margaux', 2], ['Océane', 2], ['Solène', 1],
];

/** [last name, weight] — frequent French family names, with a few regional and compound ones. */
export const LAST_NAMES: readonly (readonly [string, number])[] = [
  ['Martin', 10], ['Bernard', 8], ['Thomas', 7], ['Petit', 7], ['Robert', 7], ['Richard', 7], ['Durand', 7],
  ['Dubois', 7], ['Moreau', 7], ['Laurent', 6], ['Simon', 6], ['Michel', 6], ['Lefèvre', 6], ['Leroy', 6],
  ['Roux', 5], ['David', 5], ['Bertrand', 5], ['Morel', 5], ['Fournier', 5], ['Girard', 5], ['Bonnet', 5],
  ['Dupont', 5], ['Lambert', 5], ['Fontaine', 5], ['Rousseau', 5], ['Vincent', 5], ['Muller', 5], ['Lefebvre', 5],
  ['Faure', 5], ['André', 5], ['Mercier', 5], ['Blanc', 5], ['Guérin', 4], ['Boyer', 4], ['Garnier', 4],
  ['Chevalier', 4], ['François', 4], ['Legrand', 4], ['Gauthier', 4], ['Garcia', 4], ['Perrin', 4], ['Robin', 4],
  ['Clément', 4], ['Morin', 4], ['Nicolas', 4], ['Henry', 4], ['Roussel', 4], ['Mathieu', 4], ['Gautier', 4],
  ['Masson', 4], ['Marchand', 4], ['Duval', 4], ['Denis', 4], ['Dumont', 4], ['Marie', 3], ['Lemaire', 3],
  ['Noël', 3], ['Meyer', 3], ['Dufour', 3], ['Meunier', 3], ['Brun', 3], ['Blanchard', 3], ['Giraud', 3],
  ['Joly', 3], ['Rivière', 3], ['Lucas', 3], ['Brunet', 3], ['Gaillard', 3], ['Barbier', 3], ['Arnaud', 3],
  ['Martinez', 3], ['Gérard', 3], ['Roche', 3], ['Renard', 3], ['Schmitt', 3], ['Roy', 3], ['Leroux', 3],
  ['Colin', 3], ['Vidal', 3], ['Caron', 3], ['Picard', 3], ['Roger', 3], ['Fabre', 3], ['Aubert', 3],
  ['Lemoine', 3], ['Renaud', 3], ['Dumas', 3], ['Lacroix', 3], ['Olivier', 3], ['Philippe', 3], ['Bourgeois', 3],
  ['Pierre', 3], ['Benoît', 3], ['Rey', 3], ['Leclerc', 3], ['Payet', 2], ['Rolland', 3], ['Leclercq', 2],
  ['Guillaume', 3], ['Lecomte', 3], ['Lopez', 3], ['Jean', 2], ['Dupuy', 2], ['Guillot', 2], ['Hubert', 2],
  ['Berger', 2], ['Carpentier', 2], ['Sanchez', 2], ['Dupuis', 2], ['Moulin', 2], ['Louis', 2], ['Deschamps', 2],
  ['Huet', 2], ['Vasseur', 2], ['Perez', 2], ['Boucher', 2], ['Fleury', 2], ['Royer', 2], ['Klein', 2],
  ['Jacquet', 2], ['Adam', 2], ['Paris', 2], ['Poirier', 2], ['Marty', 2], ['Aubry', 2], ['Guyot', 2],
  ['Carré', 2], ['Charles', 2], ['Renault', 2], ['Charpentier', 2], ['Ménard', 2], ['Maillard', 2], ['Baron', 2],
  ['Bertin', 2], ['Bailly', 2], ['Hervé', 2], ['Schneider', 2], ['Fernandez', 2], ['Le Gall', 2], ['Collet', 2],
  ['Léger', 2], ['Bouvier', 2], ['Julien', 2], ['Prévost', 2], ['Millet', 2], ['Perrot', 2], ['Daniel', 2],
  ['Le Roux', 2], ['Cousin', 2], ['Germain', 2], ['Breton', 2], ['Besson', 2], ['Langlois', 2], ['Rémy', 2],
  ['Le Goff', 2], ['Pelletier', 2], ['Lévêque', 2], ['Perrier', 2], ['Leblanc', 2], ['Barré', 2], ['Lebrun', 2],
  ['Marchal', 2], ['Weber', 2], ['Mallet', 2], ['Hamon', 2], ['Boulanger', 2], ['Jacob', 2], ['Monnier', 2],
  ['Michaud', 2], ['Rodriguez', 2], ['Guichard', 1], ['Gillet', 2], ['Étienne', 1], ['Grondin', 1], ['Poulain', 1],
  ['Tessier', 1], ['Chevallier', 1], ['Collin', 1], ['Chauvin', 1], ['Da Silva', 2], ['Bouchet', 1], ['Gay', 1],
  ['Lemaître', 1], ['Bénard', 1], ['Maréchal', 1], ['Humbert', 1], ['Reynaud', 1], ['Antoine', 1], ['Hoarau', 1],
  ['Perret', 1], ['Barthélemy', 1], ['Cordier', 1], ['Pichon', 1], ['Lejeune', 1], ['Gilbert', 1], ['Lamy', 1],
  ['Delaunay', 1], ['Pasquier', 1], ['Carlier', 1], ['Laporte', 1], ['Saint-Martin', 1], ['Béranger', 1],
  ['Côté', 1], ['Crépin', 1], ['Dussart', 1], ['Lagarde', 1], ['Desjardins', 1], ['Kerbrat', 1], ['Le Bihan', 1],
];

export interface City {
  name: string;
  postalCode: string;
  /** First digit of the national number of a landline there: 1 to 5. */
  zone: number;
  weight: number;
}

/** Real cities and logistics hubs, with one of their postal codes. Weights follow their size in freight. */
export const CITIES: readonly City[] = [
  { name: 'Paris', postalCode: '75012', zone: 1, weight: 30 },
  { name: 'Rungis', postalCode: '94150', zone: 1, weight: 8 },
  { name: 'Roissy-en-France', postalCode: '95700', zone: 1, weight: 6 },
  { name: 'Gennevilliers', postalCode: '92230', zone: 1, weight: 6 },
  { name: 'Évry-Courcouronnes', postalCode: '91000', zone: 1, weight: 4 },
  { name: 'Meaux', postalCode: '77100', zone: 1, weight: 3 },
  { name: 'Cergy', postalCode: '95000', zone: 1, weight: 3 },
  { name: 'Versailles', postalCode: '78000', zone: 1, weight: 3 },
  { name: 'Lille', postalCode: '59000', zone: 3, weight: 12 },
  { name: 'Dunkerque', postalCode: '59140', zone: 3, weight: 6 },
  { name: 'Lens', postalCode: '62300', zone: 3, weight: 4 },
  { name: 'Arras', postalCode: '62000', zone: 3, weight: 3 },
  { name: 'Amiens', postalCode: '80000', zone: 3, weight: 4 },
  { name: 'Reims', postalCode: '51100', zone: 3, weight: 5 },
  { name: 'Châlons-en-Champagne', postalCode: '51000', zone: 3, weight: 2 },
  { name: 'Metz', postalCode: '57000', zone: 3, weight: 5 },
  { name: 'Nancy', postalCode: '54000', zone: 3, weight: 5 },
  { name: 'Strasbourg', postalCode: '67000', zone: 3, weight: 9 },
  { name: 'Mulhouse', postalCode: '68100', zone: 3, weight: 4 },
  { name: 'Dijon', postalCode: '21000', zone: 3, weight: 5 },
  { name: 'Besançon', postalCode: '25000', zone: 3, weight: 4 },
  { name: 'Chalon-sur-Saône', postalCode: '71100', zone: 3, weight: 3 },
  { name: 'Orléans', postalCode: '45000', zone: 2, weight: 6 },
  { name: 'Tours', postalCode: '37000', zone: 2, weight: 5 },
  { name: 'Le Mans', postalCode: '72000', zone: 2, weight: 4 },
  { name: 'Rouen', postalCode: '76000', zone: 2, weight: 6 },
  { name: 'Le Havre', postalCode: '76600', zone: 2, weight: 8 },
  { name: 'Caen', postalCode: '14000', zone: 2, weight: 4 },
  { name: 'Rennes', postalCode: '35000', zone: 2, weight: 7 },
  { name: 'Brest', postalCode: '29200', zone: 2, weight: 3 },
  { name: 'Quimper', postalCode: '29000', zone: 2, weight: 2 },
  { name: 'Lorient', postalCode: '56100', zone: 2, weight: 2 },
  { name: 'Saint-Brieuc', postalCode: '22000', zone: 2, weight: 2 },
  { name: 'Nantes', postalCode: '44000', zone: 2, weight: 9 },
  { name: 'Saint-Nazaire', postalCode: '44600', zone: 2, weight: 3 },
  { name: 'Angers', postalCode: '49000', zone: 2, weight: 4 },
  { name: 'Cholet', postalCode: '49300', zone: 2, weight: 2 },
  { name: 'Lyon', postalCode: '69007', zone: 4, weight: 18 },
  { name: 'Vénissieux', postalCode: '69200', zone: 4, weight: 4 },
  { name: 'Saint-Priest', postalCode: '69800', zone: 4, weight: 4 },
  { name: 'Saint-Étienne', postalCode: '42000', zone: 4, weight: 5 },
  { name: 'Grenoble', postalCode: '38000', zone: 4, weight: 5 },
  { name: "L'Isle-d'Abeau", postalCode: '38080', zone: 4, weight: 3 },
  { name: 'Valence', postalCode: '26000', zone: 4, weight: 4 },
  { name: 'Clermont-Ferrand', postalCode: '63000', zone: 4, weight: 5 },
  { name: 'Annecy', postalCode: '74000', zone: 4, weight: 3 },
  { name: 'Chambéry', postalCode: '73000', zone: 4, weight: 2 },
  { name: 'Marseille', postalCode: '13015', zone: 4, weight: 14 },
  { name: 'Fos-sur-Mer', postalCode: '13270', zone: 4, weight: 5 },
  { name: 'Vitrolles', postalCode: '13127', zone: 4, weight: 3 },
  { name: 'Avignon', postalCode: '84000', zone: 4, weight: 4 },
  { name: 'Cavaillon', postalCode: '84300', zone: 4, weight: 2 },
  { name: 'Nîmes', postalCode: '30000', zone: 4, weight: 4 },
  { name: 'Montpellier', postalCode: '34000', zone: 4, weight: 6 },
  { name: 'Béziers', postalCode: '34500', zone: 4, weight: 2 },
  { name: 'Perpignan', postalCode: '66000', zone: 4, weight: 4 },
  { name: 'Toulon', postalCode: '83000', zone: 4, weight: 4 },
  { name: 'Nice', postalCode: '06200', zone: 4, weight: 5 },
  { name: 'Toulouse', postalCode: '31200', zone: 5, weight: 10 },
  { name: 'Montauban', postalCode: '82000', zone: 5, weight: 2 },
  { name: 'Agen', postalCode: '47000', zone: 5, weight: 2 },
  { name: 'Bordeaux', postalCode: '33300', zone: 5, weight: 9 },
  { name: 'Mérignac', postalCode: '33700', zone: 5, weight: 3 },
  { name: 'Bayonne', postalCode: '64100', zone: 5, weight: 3 },
  { name: 'Pau', postalCode: '64000', zone: 5, weight: 2 },
  { name: 'Limoges', postalCode: '87000', zone: 5, weight: 3 },
  { name: 'Poitiers', postalCode: '86000', zone: 5, weight: 3 },
  { name: 'La Rochelle', postalCode: '17000', zone: 5, weight: 3 },
  { name: 'Niort', postalCode: '79000', zone: 5, weight: 2 },
  { name: 'Angoulême', postalCode: '16000', zone: 5, weight: 2 },
  { name: 'Brive-la-Gaillarde', postalCode: '19100', zone: 5, weight: 2 },
  { name: 'Périgueux', postalCode: '24000', zone: 5, weight: 2 },
];

export const STREET_TYPES = ['rue', 'rue', 'rue', 'avenue', 'avenue', 'boulevard', 'chemin', 'route', 'impasse', 'allée', 'place', 'quai'] as const;
export const STREET_NAMES = [
  'de la République', 'Jean Jaurès', 'Victor Hugo', 'du Général de Gaulle', 'Pasteur', 'de la Gare', 'des Acacias',
  'du Port', 'Gambetta', 'Jules Ferry', 'de Verdun', 'Émile Zola', 'de la Libération', 'du Moulin', 'des Tanneurs',
  'Saint-Éloi', 'de l’Église', 'Nationale', 'des Écoles', 'du Maréchal Foch', 'Carnot', 'de Paris', 'de Lyon',
  'des Prés', 'du Château', 'Anatole France', 'Voltaire', 'Louis Blériot', 'de la Forêt', 'des Vignes',
] as const;
export const BUSINESS_PARKS = [
  'ZI des Bruyères', 'ZA du Moulin', 'Parc d’activités des Chesnes', 'ZI Nord', 'ZI Sud', 'Zone portuaire',
  'Parc logistique de l’Aéroport', 'ZAC des Portes de l’Est', 'Plateforme multimodale', 'ZI de la Plaine',
] as const;

/** What shippers ("chargeurs") make, to name them: "Laiterie Dubois", "Scierie du Jura"… */
export const SHIPPER_NAME_PATTERNS = [
  'Laiterie {last}', 'Fromagerie {last}', 'Brasserie {last}', 'Scierie {last}', 'Menuiserie {last}', 'Conserverie {last}',
  'Minoterie {last}', 'Vignobles {last}', 'Maison {last}', 'Établissements {last}', 'Ets {last} & Fils', '{last} Industries',
  '{last} Matériaux', '{last} Emballages', 'Coopérative agricole de {city}', 'Primeurs de {city}', 'Caves de {city}',
  'Papeterie de {city}', 'Biscuiterie de {city}', 'Fonderie de {city}', 'Salaisons {last}', 'Plasturgie {last}',
  'Huilerie {last}', '{last} Agroalimentaire', 'SARL {last} Frères', 'Chocolaterie {last}', 'Distillerie {last}',
] as const;
export const CARRIER_NAME_PATTERNS = [
  'Transports {last}', 'Transports {last}', 'Transports {last} & Fils', '{last} Logistique', 'TRANSPORTS {LAST}',
  'Groupe {last} Transports', '{last} Express', 'Frigo {city}', 'Citernes {last}', 'Rapides de {city}',
  'Messagerie {last}', 'Affrètement {last}', '{last} Route', 'Autocars et Transports {last}', 'Bennes {last}',
] as const;
export const SUPPLIER_NAME_PATTERNS = [
  'Garage {last} Poids Lourds', 'Pneus {last}', 'Carburants de {city}', 'Assurances {last}', 'Location {last} Véhicules',
] as const;
export const PERSONAL_MAIL_DOMAINS = ['gmail.com', 'orange.fr', 'free.fr', 'wanadoo.fr', 'laposte.net', 'sfr.fr', 'hotmail.fr', 'yahoo.fr'] as const;

export const CARRIER_TAGS = ['frigo', 'citerne', 'benne', 'plateau', 'bache', 'porte-conteneurs', 'adr', 'grue', 'messagerie', 'express', 'international', 'hayon'] as const;
export const SHIPPER_TAGS = ['contract', 'vip', 'spot', 'export', 'palettes', 'vrac', 'saisonnier'] as const;
export const PERSON_TAGS = ['vip', 'decideur', 'compta', 'exploitation', 'newsletter', 'anglophone'] as const;

/** Choices of the `goods_type` custom field of organisations. */
export const GOODS_TYPES = [
  'Agroalimentaire', 'Boissons', 'Matériaux de construction', 'Chimie', 'Automobile', 'Grande distribution',
  'Vrac agricole', 'Papier-carton', 'Électroménager',
] as const;

export const SHIPPER_JOB_TITLES = [
  'Responsable transport', 'Responsable logistique', 'Directeur logistique', 'Gérant', 'Acheteuse transport',
  'Assistante ADV', 'Chef de quai', 'Responsable expéditions', 'Comptable', 'Directeur général',
] as const;
export const CARRIER_JOB_TITLES = [
  'Exploitant', 'Affréteur', 'Gérant', 'Chauffeur', 'Responsable d’exploitation', 'Dispatcheur', 'Comptable', 'Directrice commerciale',
] as const;

export const CALL_OUTCOMES = ['reached', 'reached', 'reached', 'no_answer', 'voicemail', 'callback_requested'] as const;

/** Timeline summaries; {from} and {to} are cities, {n} a quantity, {ref} a reference. */
export const CALL_SUMMARIES = [
  'Demande de cotation {from} → {to}, {n} palettes',
  'Dispo semi frigo demain matin au départ de {from}',
  'Retard de livraison à {to}, chauffeur bloqué',
  'Confirmation d’enlèvement {from} pour lundi',
  'Relance facture {ref}',
  'Litige : {n} colis abîmés livrés à {to}',
  'Recherche benne pour chantier à {to}',
  'Prix du gasoil : demande de révision tarifaire',
  'Besoin d’un transport ADR {from} → {to}',
  'Appel pour un complet {from} → {to}, {n} t',
  'Demande de POD pour la livraison {ref}',
  'Camion disponible à vide à {to}, cherche retour vers {from}',
] as const;
export const EMAIL_SUBJECTS = [
  'Cotation {from} – {to} ({n} palettes)',
  'Confirmation d’affrètement {ref}',
  'Facture {ref}',
  'Lettre de voiture {ref}',
  'Planning des enlèvements semaine prochaine',
  'Réclamation livraison {ref}',
  'Attestation d’assurance marchandises transportées',
  'Mise à jour de la grille tarifaire',
] as const;
export const NOTE_SUMMARIES = [
  'Client sensible aux délais, toujours confirmer la veille',
  'Préfère être appelé après 14 h',
  'Quai fermé le vendredi après-midi',
  'Accès camion difficile, prévoir porteur',
  'Paiement à 45 jours fin de mois',
  'Nouveau contact suite au salon SITL',
] as const;
export const MEETING_SUMMARIES = ['Visite du site, {from}', 'Rendez-vous annuel de négociation tarifaire', 'Déjeuner avec l’équipe exploitation'] as const;
export const TASK_TITLES = [
  'Rappeler pour la cotation {from} → {to}',
  'Rappeler : dispo camion semaine prochaine',
  'Envoyer la grille tarifaire',
  'Relancer la facture {ref}',
  'Confirmer l’enlèvement à {from}',
  'Rappeler au sujet du litige {ref}',
] as const;
