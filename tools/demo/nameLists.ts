/**
 * Name lists for the demo data, hand-assembled for this project to reflect the mix of names in the UK
 * (English, Scottish, Welsh, Irish, South Asian, Polish, West African, Caribbean, Chinese, Somali,
 * Southern and Eastern European). Roughly most common first: the generator weights earlier entries
 * more. A few names keep diacritics or apostrophes on purpose (Siân, Wiśniewski, O'Brien), since
 * sources disagree on how to write them.
 */

/** Female given names. */
export const FEMALE_GIVEN_NAMES: readonly string[] = [
  'Olivia', 'Amelia', 'Emily', 'Sophie', 'Charlotte', 'Elizabeth', 'Sarah', 'Emma', 'Jessica', 'Hannah',
  'Rebecca', 'Laura', 'Lucy', 'Grace', 'Katherine', 'Catherine', 'Margaret', 'Victoria', 'Jennifer', 'Susan',
  'Patricia', 'Deborah', 'Jacqueline', 'Alexandra', 'Eleanor', 'Frances', 'Samantha', 'Abigail', 'Christine', 'Dorothy',
  'Barbara', 'Helen', 'Rachel', 'Amy', 'Claire', 'Nicola', 'Joanne', 'Karen', 'Julie', 'Angela',
  'Tracey', 'Michelle', 'Louise', 'Kathleen', 'Mary', 'Anne', 'Janet', 'Pauline', 'Valerie', 'Sandra',
  'Brenda', 'Maureen', 'Irene', 'Joan', 'Doreen', 'Gillian', 'Alison', 'Fiona', 'Heather', 'Isla',
  'Ava', 'Sophia', 'Mia', 'Poppy', 'Ella', 'Lily', 'Evie', 'Isabella', 'Ivy', 'Freya',
  'Harper', 'Willow', 'Florence', 'Natalie', 'Stephanie', 'Christina', 'Theresa', 'Bernadette', 'Josephine', 'Veronica',
  'Cynthia', 'Lorraine', 'Wendy', 'Yvonne', 'Denise', 'Carol', 'Lynne', 'Diane', 'Sharon', 'Jasmine',
  'Imogen', 'Phoebe', 'Matilda', 'Beatrice', 'Harriet', 'Rosie', 'Daisy', 'Holly', 'Jade', 'Leah',
  'Naomi', 'Ruth', 'Esther', 'Tamsin', 'Kayleigh', 'Chantelle', 'Keisha', 'Shanice', 'Tanisha', 'Chloe',
  'Zoë', 'Chloé', 'Kirsty', 'Morag', 'Eilidh', 'Ailsa', 'Siobhan', 'Aoife', 'Niamh', 'Ciara',
  'Roisin', 'Orla', 'Bronwen', 'Rhiannon', 'Cerys', 'Carys', 'Siân', 'Megan', 'Ffion', 'Gwen',
  'Priya', 'Aisha', 'Fatima', 'Zainab', 'Ayesha', 'Sana', 'Anjali', 'Deepa', 'Sunita', 'Pooja',
  'Nisha', 'Farah', 'Maryam', 'Amira', 'Layla', 'Noor', 'Hira', 'Simran', 'Harpreet', 'Gurpreet',
  'Agnieszka', 'Katarzyna', 'Magdalena', 'Joanna', 'Zofia', 'Aleksandra', 'Ngozi', 'Chiamaka', 'Funmilayo', 'Adaeze',
  'Folake', 'Abena', 'Ama', 'Efua', 'Mei', 'Xin', 'Ling', 'Yan', 'Hui', 'Ana',
  'Maria', 'Sofia', 'Giulia', 'Chiara', 'Elena', 'Ioana', 'Andreea', 'Zeynep', 'Elif', 'Hodan',
  'Amina', 'Fadumo', 'Marcia', 'Beverley', 'Annette', 'Jean', 'Sheila', 'Sylvia', 'Marjorie', 'Edith',
];

/** Male given names. */
export const MALE_GIVEN_NAMES: readonly string[] = [
  'James', 'William', 'Thomas', 'Oliver', 'George', 'Jack', 'Harry', 'Daniel', 'Matthew', 'Robert',
  'Richard', 'John', 'Michael', 'David', 'Christopher', 'Andrew', 'Joseph', 'Samuel', 'Benjamin', 'Edward',
  'Alexander', 'Nicholas', 'Anthony', 'Peter', 'Stephen', 'Paul', 'Mark', 'Henry', 'Charles', 'Jonathan',
  'Timothy', 'Philip', 'Kenneth', 'Raymond', 'Douglas', 'Frederick', 'Albert', 'Harold', 'Francis', 'Patrick',
  'Noah', 'Arthur', 'Leo', 'Muhammad', 'Charlie', 'Oscar', 'Jacob', 'Freddie', 'Alfie', 'Theo',
  'Theodore', 'Archie', 'Joshua', 'Isaac', 'Lucas', 'Tommy', 'Finley', 'Max', 'Logan', 'Ethan',
  'Mohammed', 'Teddy', 'Arlo', 'Sebastian', 'Harrison', 'Elijah', 'Adam', 'Louie', 'Mason', 'Reuben',
  'Albie', 'Rory', 'Jaxon', 'Hugo', 'Luca', 'Zachary', 'Reggie', 'Hunter', 'Louis', 'Dylan',
  'Jude', 'Frankie', 'Roman', 'Ezra', 'Toby', 'Riley', 'Ronnie', 'Gabriel', 'Stanley', 'Bobby',
  'Jesse', 'Elliot', 'Liam', 'Ellis', 'Harvey', 'Jake', 'Ralph', 'Rowan', 'Kevin', 'Gary',
  'Ian', 'Neil', 'Simon', 'Graham', 'Keith', 'Brian', 'Colin', 'Derek', 'Trevor', 'Malcolm',
  'Stuart', 'Alastair', 'Hamish', 'Callum', 'Angus', 'Fraser', 'Ewan', 'Seán', 'Ciarán', 'Declan',
  'Padraig', 'Eoin', 'Cormac', 'Rhys', 'Gareth', 'Dafydd', 'Iwan', 'Owain', 'Huw', 'Arjun',
  'Rohan', 'Vikram', 'Sanjay', 'Rajesh', 'Amit', 'Imran', 'Bilal', 'Tariq', 'Hassan', 'Omar',
  'Yusuf', 'Ibrahim', 'Ali', 'Zain', 'Kamran', 'Harjit', 'Gurdeep', 'Piotr', 'Tomasz', 'Krzysztof',
  'Marek', 'Paweł', 'Jakub', 'Chidi', 'Emeka', 'Oluwaseun', 'Tunde', 'Babatunde', 'Kwame', 'Kofi',
  'Yaw', 'Wei', 'Jun', 'Hao', 'Ming', 'João', 'Pedro', 'Marco', 'Giorgos', 'Nikos',
  'Andrei', 'Mihai', 'Mehmet', 'Emre', 'Abdi', 'Abdullahi', 'Delroy', 'Winston', 'Leroy', 'Desmond',
  'Clive', 'Nigel', 'Barry', 'Terence', 'Leslie', 'Dennis', 'Frank', 'Walter', 'Gerald', 'Roy',
  'Dominic', 'Vincent', 'Joel', 'Nathan', 'Aaron', 'Jordan', 'Kieran', 'Connor', 'Shane', 'Craig',
];

/** Family names. */
export const FAMILY_NAMES: readonly string[] = [
  'Smith', 'Jones', 'Williams', 'Taylor', 'Brown', 'Davies', 'Evans', 'Wilson', 'Thomas', 'Johnson',
  'Roberts', 'Robinson', 'Thompson', 'Wright', 'Walker', 'White', 'Edwards', 'Hughes', 'Green', 'Hall',
  'Lewis', 'Harris', 'Clarke', 'Patel', 'Jackson', 'Wood', 'Turner', 'Martin', 'Cooper', 'Hill',
  'Ward', 'Morris', 'Moore', 'Clark', 'Lee', 'King', 'Baker', 'Harrison', 'Morgan', 'Allen',
  'James', 'Scott', 'Phillips', 'Watson', 'Davis', 'Parker', 'Price', 'Bennett', 'Young', 'Griffiths',
  'Mitchell', 'Kelly', 'Cook', 'Carter', 'Richardson', 'Bailey', 'Collins', 'Bell', 'Shaw', 'Murphy',
  'Miller', 'Cox', 'Richards', 'Khan', 'Marshall', 'Anderson', 'Simpson', 'Ellis', 'Adams', 'Singh',
  'Begum', 'Wilkinson', 'Foster', 'Chapman', 'Powell', 'Webb', 'Rogers', 'Gray', 'Mason', 'Ali',
  'Hunt', 'Hussain', 'Campbell', 'Matthews', 'Owen', 'Palmer', 'Holmes', 'Mills', 'Barnes', 'Knight',
  'Lloyd', 'Butler', 'Russell', 'Barker', 'Fisher', 'Stevens', 'Jenkins', 'Murray', 'Dixon', 'Harvey',
  'Graham', 'Pearson', 'Ahmed', 'Fletcher', 'Walsh', 'Kaur', 'Gibson', 'Howard', 'Andrews', 'Stewart',
  'Elliott', 'Reynolds', 'Saunders', 'Payne', 'Fox', 'Ford', 'Pearce', 'Day', 'Brooks', 'West',
  'Lawrence', 'Cole', 'Atkinson', 'Bradley', 'Spencer', 'Gill', 'Dawson', 'Ball', 'Burton', "O'Brien",
  'Watts', 'Rose', 'Booth', 'Perry', 'Ryan', 'Grant', 'Wells', 'Armstrong', 'Francis', 'Rees',
  'Hayes', 'Hart', 'Hudson', 'Newman', 'Barrett', 'Webster', 'Hunter', 'Gregory', 'Carr', 'Lowe',
  'Page', 'Marsh', 'Riley', 'Dunn', 'Woods', 'Parsons', 'Berry', 'Stone', 'Reid', 'Holland',
  'Hawkins', 'Harding', 'Porter', 'Robertson', 'Newton', 'Oliver', 'Reed', 'Kennedy', 'Williamson', 'Bird',
  'Gardner', 'Shah', 'Dean', 'Lane', 'Cooke', 'Bates', 'Henderson', 'Parry', 'Burgess', 'Bishop',
  'Walton', 'Burns', 'Nicholson', 'Shepherd', 'Ross', 'Cross', 'Long', 'Freeman', 'Warren', 'Nicholls',
  'Hamilton', 'Byrne', 'Sutton', 'McDonald', 'Yates', 'Hodgson', 'Robson', 'Curtis', 'Hopkins', "O'Connor",
  'Harper', 'Coleman', 'Watkins', 'Moss', 'McCarthy', 'Chambers', "O'Neill", 'Griffin', 'Sharp', 'Hardy',
  'Wheeler', 'Potter', 'Osborne', 'Johnston', 'Gordon', 'Doyle', 'Wallace', 'George', 'Jordan', 'Hutchinson',
  'Rahman', 'Chowdhury', 'Iqbal', 'Hussein', 'Mahmood', 'Akhtar', 'Sharma', 'Gupta', 'Mistry', 'Chauhan',
  'Kumar', 'Sandhu', 'Dhillon', 'Bhatt', 'Nowak', 'Kowalski', 'Wiśniewski', 'Wójcik', 'Kamiński', 'Lewandowski',
  'Zieliński', 'Okafor', 'Adeyemi', 'Okonkwo', 'Balogun', 'Eze', 'Mensah', 'Owusu', 'Boateng', 'Asante',
  'Adebayo', 'Oyelaran', 'Wang', 'Li', 'Chen', 'Zhang', 'Liu', 'Wong', 'Chan', 'Lam',
  'Ng', 'Nguyen', 'Tran', 'Silva', 'Santos', 'Ferreira', 'Costa', 'Rossi', 'Russo', 'Esposito',
  'Papadopoulos', 'Georgiou', 'Yilmaz', 'Demir', 'Popescu', 'Ionescu', 'Mohamed', 'Abdi', 'Farah', 'Warsame',
  'MacLeod', 'MacKenzie', 'McLean', 'Fraser', 'Sinclair', 'Cameron', 'Buchanan', 'Llewellyn', 'Pritchard', 'Vaughan',
  'Gallagher', 'Quinn', 'Brennan', 'Kavanagh', 'Fitzgerald', 'Smith-Jones', 'Lloyd-Davies', 'Ashworth-Hale', 'de Souza', 'Van der Berg',
];
